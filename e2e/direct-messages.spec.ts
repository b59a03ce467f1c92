import { type Browser, expect, test } from "@playwright/test";
import { type Account, AuthPage, newAccount } from "./pages/auth-page";
import { DirectMessagesPage } from "./pages/direct-messages-page";

async function people(browser: Browser, ...prefixes: string[]) {
  return Promise.all(
    prefixes.map(async (prefix) => {
      const account: Account = newAccount(prefix);
      const context = await browser.newContext();
      const page = await context.newPage();
      await new AuthPage(page).signUp(account);
      return { account, context, dm: new DirectMessagesPage(page) };
    }),
  );
}

test("messages, replies, read receipts and deletions arrive live in the other browser", async ({ browser }) => {
  test.slow();
  const [ann, bob] = await people(browser, "ann", "bob");
  const annName = ann!.account.username;
  const bobName = bob!.account.username;
  await bob!.dm.openThread(annName);

  await ann!.dm.send(bobName, "Hello Bob, lunch at noon?");
  await expect(ann!.dm.message(bobName, "lunch at noon")).toBeVisible();
  // Bob has the thread open: it arrives without a reload, and Ann sees that it was read.
  await expect(bob!.dm.message(annName, "Hello Bob, lunch at noon?")).toBeVisible();
  await expect(ann!.dm.message(bobName, "lunch at noon")).toContainText(/Read /);

  // A reply, written over two lines (Shift+Enter), shown quoted on both sides.
  await bob!.dm
    .message(annName, "lunch at noon")
    .getByRole("button", { name: /^Reply to / })
    .click();
  await bob!.dm.composer().fill("Sounds good!");
  await bob!.dm.composer().press("Shift+Enter");
  await bob!.dm.composer().pressSequentially("See you there.");
  await expect(bob!.dm.composer()).toHaveValue("Sounds good!\nSee you there.");
  await bob!.dm.composer().press("Enter");
  const reply = ann!.dm.message(bobName, "Sounds good!");
  await expect(reply).toContainText("See you there.");
  await expect(reply.getByRole("blockquote")).toContainText("Hello Bob, lunch at noon?");
  await expect(bob!.dm.composer()).toHaveValue("");

  // Deleting removes it for both.
  await ann!.dm.write("typo, ignore");
  await expect(bob!.dm.message(annName, "typo, ignore")).toBeVisible();
  await ann!.dm
    .message(bobName, "typo, ignore")
    .getByRole("button", { name: /^Delete/ })
    .click();
  await ann!.dm.message(bobName, "typo, ignore").getByRole("button", { name: "Delete for both" }).click();
  await expect(ann!.dm.message(bobName, "typo, ignore")).toHaveCount(0);
  await expect(bob!.dm.message(annName, "typo, ignore")).toHaveCount(0);

  // The list of threads updates its unread count live, and "Mark all read" clears it.
  await ann!.dm.open();
  await bob!.dm.write("One more thing");
  const thread = ann!.dm.page.getByRole("link", { name: new RegExp(`${bobName}.*1 unread`) });
  await expect(thread).toBeVisible();
  await ann!.dm.page.getByRole("button", { name: "Mark all read" }).click();
  await expect(ann!.dm.page.getByText("1 unread")).toHaveCount(0);

  await Promise.all([ann!.context.close(), bob!.context.close()]);
});

test("a blocked person is refused neutrally, keeps what they typed, and is not suggested", async ({ browser }) => {
  const [ann, bob] = await people(browser, "ann", "bob");
  const annName = ann!.account.username;
  const bobName = bob!.account.username;
  await ann!.dm.send(bobName, "first");

  await bob!.dm.openThread(annName);
  await bob!.dm.page.getByRole("button", { name: `Block ${annName}` }).click();
  await expect(bob!.dm.page.getByRole("button", { name: `Unblock ${annName}` })).toBeVisible();

  await ann!.dm.page.reload();
  await ann!.dm.composer().fill("are you there?");
  await ann!.dm.composer().press("Enter");
  await expect(ann!.dm.alert()).toHaveText("This person is not accepting your messages.");
  await expect(ann!.dm.composer()).toHaveValue("are you there?");

  await ann!.dm.open();
  await ann!.dm.typeRecipient(bobName.slice(0, -1));
  await expect(ann!.dm.suggestions()).toBeHidden();

  await bob!.dm.page.getByRole("button", { name: `Unblock ${annName}` }).click();
  await expect(bob!.dm.page.getByRole("button", { name: `Block ${annName}` })).toBeVisible();
  await ann!.dm.openThread(bobName);
  await ann!.dm.write("are you there?");
  await expect(bob!.dm.message(annName, "are you there?")).toBeVisible();
  await Promise.all([ann!.context.close(), bob!.context.close()]);
});

test("the To field suggests people by username, never by email, and picks with the keyboard", async ({ browser }) => {
  const [ann, bob] = await people(browser, "ann", "bob");
  const bobName = bob!.account.username;
  await ann!.dm.open();
  await ann!.dm.recipientField().fill(bobName.slice(0, 1));
  await expect(ann!.dm.suggestions()).toBeHidden();
  await ann!.dm.recipientField().fill(bobName.slice(0, -2));
  const option = ann!.dm.suggestions().getByRole("option", { name: bobName });
  await expect(option).toBeVisible();
  await expect(ann!.dm.suggestions()).not.toContainText("@");
  await ann!.dm.recipientField().press("ArrowDown");
  await ann!.dm.recipientField().press("Enter");
  await expect(ann!.dm.recipientField()).toHaveValue(bobName);

  await ann!.dm.typeRecipient(bob!.account.email.slice(0, 6));
  await expect(ann!.dm.suggestions()).toBeHidden();
  await Promise.all([ann!.context.close(), bob!.context.close()]);
});

test("a third person reads nothing, and a message to nobody keeps what was typed", async ({ browser }) => {
  test.slow(); // Three people sign up before anything is checked.
  const [ann, bob, eve] = await people(browser, "ann", "bob", "eve");
  await ann!.dm.send(bob!.account.username, "Hello Bob, lunch at noon?");

  await eve!.dm.openThread(bob!.account.username);
  await expect(eve!.dm.page.getByText("No messages yet. Say hello.")).toBeVisible();
  await expect(eve!.dm.page.getByText("lunch at noon")).toHaveCount(0);

  await ann!.dm.open();
  await ann!.dm.recipientField().fill("no-such-person");
  await ann!.dm.newMessageBox().fill("anyone there?");
  await ann!.dm.newMessageBox().press("Enter");
  await expect(ann!.dm.alert()).toContainText('There is no active user called "no-such-person"');
  await expect(ann!.dm.newMessageBox()).toHaveValue("anyone there?");
  await expect(ann!.dm.recipientField()).toHaveValue("no-such-person");
  await Promise.all([ann!.context.close(), bob!.context.close(), eve!.context.close()]);
});

test("an address with a malformed % escape is a 404 page, not a bare 500", async ({ page }) => {
  await new AuthPage(page).signUp(newAccount("pct"));
  for (const address of ["/direct/ada%E0%A4%A", "/chat/%E0%A4%A", "/share/%"]) {
    const response = await page.goto(address);
    expect(response?.status(), address).toBe(404);
    await expect(page.getByRole("heading", { name: "This page does not exist" })).toBeVisible();
  }
});

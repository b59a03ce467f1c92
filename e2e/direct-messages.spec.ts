import { expect, test } from "@playwright/test";
import { AuthPage, newAccount } from "./pages/auth-page";
import { DirectMessagesPage } from "./pages/direct-messages-page";

test("two people exchange direct messages and a third cannot read them", async ({ browser }) => {
  const [ann, bob, eve] = [newAccount("ann"), newAccount("bob"), newAccount("eve")];
  const contexts = await Promise.all([browser.newContext(), browser.newContext(), browser.newContext()]);
  const [annPage, bobPage, evePage] = await Promise.all(contexts.map((c) => c.newPage()));
  await new AuthPage(annPage!).signUp(ann);
  await new AuthPage(bobPage!).signUp(bob);
  await new AuthPage(evePage!).signUp(eve);

  const annDm = new DirectMessagesPage(annPage!);
  await annDm.send(bob.username, "Hello Bob, lunch at noon?");
  await expect(annDm.thread(bob.username)).toContainText("Hello Bob, lunch at noon?");

  const bobDm = new DirectMessagesPage(bobPage!);
  await bobDm.open();
  await expect(bobPage!.getByRole("link", { name: new RegExp(`${ann.username}.*1 unread`) })).toBeVisible();
  await bobPage!.getByRole("link", { name: new RegExp(ann.username) }).click();
  await expect(bobDm.thread(ann.username)).toContainText("Hello Bob, lunch at noon?");
  await bobDm.reply("Sounds good!");
  await expect(bobDm.thread(ann.username)).toContainText("Sounds good!");
  await bobDm.open();
  await expect(bobPage!.getByText("unread")).toHaveCount(0);

  await annPage!.reload();
  await expect(annDm.thread(bob.username)).toContainText("Sounds good!");

  await evePage!.goto(`/direct/${bob.username}`);
  await expect(evePage!.getByText("No messages yet. Say hello.")).toBeVisible();
  await expect(evePage!.getByText("lunch at noon")).toHaveCount(0);

  // A message to nobody gets a clear error and the text stays in the box.
  await annDm.open();
  await annPage!.getByLabel("To (username)").fill("no-such-person");
  await annPage!.getByLabel("Direct message").fill("anyone there?");
  await annPage!.getByRole("button", { name: "Send message" }).click();
  await expect(annPage!.getByRole("main").getByRole("alert")).toContainText(
    'There is no active user called "no-such-person"',
  );
  await expect(annPage!.getByLabel("Direct message")).toHaveValue("anyone there?");

  await Promise.all(contexts.map((c) => c.close()));
});

export default function NewChatPage() {
  return (
    <main className="flex flex-1 items-center justify-center p-8">
      <h1 className="text-2xl font-semibold">What can I help with?</h1>
    </main>
  );
}

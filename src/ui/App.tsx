export function App() {
  return (
    <main>
      <h1>Sora Designer</h1>
    </main>
  );
}

import { render } from "preact";

// Placeholder shell until the agent dashboard (issue 5) lands: points people at the API.
function App() {
  return (
    <main style={{ fontFamily: "system-ui, sans-serif", maxWidth: "40rem", margin: "4rem auto", lineHeight: 1.5 }}>
      <h1>edgedesk</h1>
      <p>The helpdesk API is running. The agent dashboard is not built yet.</p>
      <p>
        API description: <a href="/api/v1/openapi.json">/api/v1/openapi.json</a>
      </p>
    </main>
  );
}

render(<App />, document.getElementById("app")!);

import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { BrowserRouter } from "react-router-dom";
import { App } from "./App.jsx";

// Django serves its page (web/admin_app.html) for every /admin-app/… route: real URLs, no #/.
createRoot(document.getElementById("root")).render(
  <StrictMode>
    <BrowserRouter basename="/admin-app">
      <App />
    </BrowserRouter>
  </StrictMode>,
);

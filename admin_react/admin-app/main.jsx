import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { BrowserRouter } from "react-router-dom";
import { App } from "./App.jsx";

// Django serves index.html for every /admin-app/… route, so real URLs work (no #/ hash).
createRoot(document.getElementById("root")).render(
  <StrictMode>
    <BrowserRouter basename="/admin-app">
      <App />
    </BrowserRouter>
  </StrictMode>,
);

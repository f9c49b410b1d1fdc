// Starts Swagger UI on /api/dokumentasjon. A file rather than an inline script: the app's
// CSP (script-src 'self') refuses inline scripts, which is what FastAPI's own docs page uses.
"use strict";
window.addEventListener("DOMContentLoaded", function () {
  window.ui = window.SwaggerUIBundle({
    url: "/openapi.json",
    dom_id: "#swagger-ui",
    presets: [window.SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
    deepLinking: true,
    // The default validator badge fetches from validator.swagger.io: no third parties.
    validatorUrl: null,
  });
});

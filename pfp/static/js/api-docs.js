// The open API's documentation page: Swagger UI from the portal's own static files, read-only.
(function () {
  "use strict";
  function start() {
    var target = document.getElementById("swagger-ui");
    if (!target || typeof SwaggerUIBundle === "undefined") {
      return;
    }
    SwaggerUIBundle({
      url: target.dataset.openapiUrl,
      domNode: target,
      deepLinking: true,
      // Every endpoint is GET; "Try it out" sends requests from the visitor's browser.
      supportedSubmitMethods: ["get"],
      presets: [SwaggerUIBundle.presets.apis],
      layout: "BaseLayout",
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();

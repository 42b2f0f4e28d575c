/* Start Swagger UI on the API's documentation page (src/spor/api/docs.py). The settings come from
   the page's JSON block; a request made with the session carries the CSRF token, as Django asks. */
document.addEventListener("DOMContentLoaded", function () {
  var config = JSON.parse(document.getElementById("swagger-settings").textContent);
  var csrfToken = document.body.dataset.csrfToken;
  config.dom_id = "#swagger-ui";
  config.presets = [SwaggerUIBundle.presets.apis];
  config.requestInterceptor = function (request) {
    if (csrfToken) {
      request.headers["X-CSRFToken"] = csrfToken;
    }
    return request;
  };
  window.ui = SwaggerUIBundle(config);
});

// withus – start GOV.UK Frontend components.
// Load as an ES module (the site's CSP allows no inline script):
//   <script type="module" src="{% static 'withus/init.js' %}"></script>
// Module scripts are deferred, so <body> exists when this runs, and only
// browsers that support ES modules (which GOV.UK Frontend 5 requires) run it.
import { initAll } from "../govuk/govuk-frontend.min.js";

// GOV.UK Frontend 5 styles its JavaScript-enhanced components only under this
// class, and initAll() does nothing without it. (The GOV.UK page template
// normally sets it with an inline script.)
document.body.classList.add("govuk-frontend-supported");
initAll();

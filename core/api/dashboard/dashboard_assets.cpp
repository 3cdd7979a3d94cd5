#include "core/api/dashboard/dashboard_assets.hpp"

namespace stacksim::api {

const char* const dashboard_stylesheet = R"css(
body { font-family: system-ui, sans-serif; margin: 0; color: #1d2327; background: #f4f5f7; }
header { display: flex; align-items: center; gap: 1.5em; padding: 0.5em 1.5em;
         background: #23395d; color: #fff; }
header h1 { font-size: 1.3em; margin: 0; }
header form { margin-left: auto; }
main { padding: 1em 1.5em; }
section { background: #fff; border: 1px solid #d8dce1; border-radius: 4px; margin-bottom: 1em;
          padding: 0.5em 1em 1em; }
h2 { font-size: 1.1em; } h3 { font-size: 1em; margin-bottom: 0.2em; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 0.25em 0.6em; border-bottom: 1px solid #eceef1;
         vertical-align: top; }
td ul { margin: 0; padding-left: 1em; }
meter { width: 8em; }
.admin-only { color: #6b7280; font-style: italic; }
.error { color: #b42318; }
main.login { max-width: 22em; margin: 4em auto; background: #fff; border: 1px solid #d8dce1;
             border-radius: 4px; }
main.login label { display: block; margin: 0.6em 0; }
main.login input { display: block; width: 100%; box-sizing: border-box; }
)css";

const char* const dashboard_script = R"js(
"use strict";
(function () {
  const sections = document.getElementById("sections");
  if (!sections) return;
  async function refresh() {
    try {
      const response = await fetch("/dashboard/sections",
                                   {credentials: "same-origin", cache: "no-store"});
      if (response.status === 401) {
        window.location.assign("/dashboard/login");
        return;
      }
      if (response.ok) sections.innerHTML = await response.text();
    } catch (e) {
      // The server is busy or restarting: the next tick tries again.
    }
  }
  setInterval(refresh, 3000);
})();
)js";

}  // namespace stacksim::api

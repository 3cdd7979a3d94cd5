#pragma once
// The dashboard's stylesheet and refresh script, compiled in so the page loads nothing from
// outside the server (no CDN, works offline and under Content-Security-Policy 'self').

namespace stacksim::api {

extern const char* const dashboard_stylesheet;
/// Reloads the sections from /dashboard/sections every few seconds; back to the login page when
/// the session has ended (401).
extern const char* const dashboard_script;

}  // namespace stacksim::api

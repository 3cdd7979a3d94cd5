#pragma once
// The dashboard's HTML: the login form, the page and its sections (hosts with utilisation bars,
// instances, networks with subnets, rings with devices, the simulated clock). Self-contained: the
// stylesheet and the refresh script are served by the dashboard itself, bars are <meter>
// elements, so the page needs no inline style or script and runs under a strict
// Content-Security-Policy. Every value from the cloud is escaped.

#include <string>
#include <string_view>

#include "core/api/dashboard/dashboard_view.hpp"
#include "core/api/time_format.hpp"

namespace stacksim::api {

/// The login form; `message` (may be empty) explains why it is shown again.
std::string render_login_page(std::string_view message);

/// The sections of `view`, which the refresh script reloads in place.
std::string render_dashboard_sections(const DashboardView& view, const TimeFormat& time);

/// The whole page: who is signed in, the logout button, the sections and the refresh script.
std::string render_dashboard_page(const DashboardView& view, const TimeFormat& time);

}  // namespace stacksim::api

#pragma once
// Text placed in XML or HTML (libvirt domain and volume XML, the run report's HTML and SVG, the
// dashboard): the five characters markup gives meaning to become entities, so a value - a server
// named "<script>", a path with an apostrophe - stays text in element content and in attributes
// quoted with either quote. &#39; rather than &apos;: HTML 4 lacks &apos;, XML accepts both.

#include <string>
#include <string_view>

namespace stacksim::runtime {

[[nodiscard]] std::string xml_escape(std::string_view text);

}  // namespace stacksim::runtime

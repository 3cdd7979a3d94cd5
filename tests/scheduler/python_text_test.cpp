#include <catch2/catch.hpp>

#include <cmath>

#include "core/scheduler/python_text.hpp"

using namespace stacksim::scheduler;

TEST_CASE("python_float_repr matches Python's repr of floats") {
  CHECK(python_float_repr(0.0) == "0.0");
  CHECK(python_float_repr(-0.0) == "-0.0");
  CHECK(python_float_repr(2.0) == "2.0");
  CHECK(python_float_repr(1.5) == "1.5");
  CHECK(python_float_repr(2.22242527913812) == "2.22242527913812");
  CHECK(python_float_repr(1.0666666666666664) == "1.0666666666666664");
  CHECK(python_float_repr(0.1) == "0.1");
  CHECK(python_float_repr(1e16) == "1e+16");
  CHECK(python_float_repr(1234567890123456.0) == "1234567890123456.0");
  CHECK(python_float_repr(0.0001) == "0.0001");
  CHECK(python_float_repr(0.00001) == "1e-05");
  CHECK(python_float_repr(-1.5e-7) == "-1.5e-07");
  CHECK(python_float_repr(1e100) == "1e+100");
  CHECK(python_float_repr(-1000000.0) == "-1000000.0");
  CHECK(python_float_repr(HUGE_VAL) == "inf");
  CHECK(python_float_repr(std::nan("")) == "nan");
}

TEST_CASE("python_float parses what Python's float() accepts") {
  CHECK(python_float("1.5") == 1.5);
  CHECK(python_float("  -2 ") == -2.0);
  CHECK(python_float("+3e2") == 300.0);
  CHECK(python_float("1_000.5") == 1000.5);
  CHECK(python_float(".5") == 0.5);
  CHECK(python_float("5.") == 5.0);
  CHECK(std::isinf(*python_float("-Infinity")));
  CHECK(std::isnan(*python_float("nan")));
  CHECK_FALSE(python_float(""));
  CHECK_FALSE(python_float("abc"));
  CHECK_FALSE(python_float("1__0"));
  CHECK_FALSE(python_float("_1"));
  CHECK_FALSE(python_float("1.0.0"));
  CHECK_FALSE(python_float("0x10"));
}

TEST_CASE("python_int parses base-10 integers like int()") {
  CHECK(python_int(" 42 ") == 42);
  CHECK(python_int("-7") == -7);
  CHECK(python_int("1_000") == 1000);
  CHECK_FALSE(python_int("4.0"));
  CHECK_FALSE(python_int(""));
}

TEST_CASE("python_split and python_strip use Python's whitespace") {
  const auto words = python_split("  s==\t a100  b ");
  REQUIRE(words.size() == 3);
  CHECK(words[0] == "s==");
  CHECK(words[1] == "a100");
  CHECK(words[2] == "b");
  CHECK(python_strip(" \n x y \t") == "x y");
}

TEST_CASE("append_json_string escapes like json.dumps with ensure_ascii") {
  std::string out;
  append_json_string(out, "c\"1\\\n\x01\x7f\xc3\xa9\xf0\x9f\x98\x80");
  CHECK(out == "\"c\\\"1\\\\\\n\\u0001\\u007f\\u00e9\\ud83d\\ude00\"");
}

#include "core/identity/policy_rule.hpp"

#include <algorithm>
#include <cctype>

namespace stacksim::identity {

struct PolicyRule::Node {
  enum class Kind { always, never, all_of, any_of, negation, rule, role, generic };
  Kind kind = Kind::always;
  std::vector<std::shared_ptr<const Node>> children;
  std::string left;   // rule name, role name, credential name or quoted literal
  std::string right;  // generic match: a literal or a %(key)s template
};

namespace {

using Node = PolicyRule::Node;
using NodePtr = std::shared_ptr<const Node>;
constexpr int max_rule_depth = 32;  // guards against rules that refer to themselves

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

/// Splits on whitespace; leading '(' and trailing ')' become tokens of their own (as oslo.policy).
std::vector<std::string> tokenize(std::string_view text) {
  std::vector<std::string> tokens;
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i])))
      ++i;
    std::size_t j = i;
    while (j < text.size() && !std::isspace(static_cast<unsigned char>(text[j])))
      ++j;
    std::string_view word = text.substr(i, j - i);
    i = j;
    while (!word.empty() && word.front() == '(') {
      tokens.emplace_back("(");
      word.remove_prefix(1);
    }
    std::size_t closing = 0;
    while (!word.empty() && word.back() == ')') {
      ++closing;
      word.remove_suffix(1);
    }
    if (!word.empty()) tokens.emplace_back(word);
    tokens.insert(tokens.end(), closing, ")");
  }
  return tokens;
}

class Parser {
 public:
  Parser(std::string_view text, std::vector<std::string> tokens)
      : text_(text), tokens_(std::move(tokens)) {}

  NodePtr parse_all() {
    if (tokens_.empty()) return std::make_shared<Node>();  // "" always passes
    NodePtr root = parse_or();
    if (pos_ != tokens_.size()) fail("unexpected '" + tokens_[pos_] + "'");
    return root;
  }

 private:
  [[noreturn]] void fail(const std::string& what) const {
    throw PolicySyntaxError("invalid policy rule \"" + std::string(text_) + "\": " + what);
  }
  bool peek(std::string_view word) const {
    return pos_ < tokens_.size() && lower(tokens_[pos_]) == word;
  }

  NodePtr combine(Node::Kind kind, std::vector<NodePtr> parts) {
    if (parts.size() == 1) return parts.front();
    auto node = std::make_shared<Node>();
    node->kind = kind;
    node->children = std::move(parts);
    return node;
  }

  NodePtr parse_or() {
    std::vector<NodePtr> parts{parse_and()};
    while (peek("or")) {
      ++pos_;
      parts.push_back(parse_and());
    }
    return combine(Node::Kind::any_of, std::move(parts));
  }

  NodePtr parse_and() {
    std::vector<NodePtr> parts{parse_not()};
    while (peek("and")) {
      ++pos_;
      parts.push_back(parse_not());
    }
    return combine(Node::Kind::all_of, std::move(parts));
  }

  NodePtr parse_not() {
    if (peek("not")) {
      ++pos_;
      auto node = std::make_shared<Node>();
      node->kind = Node::Kind::negation;
      node->children.push_back(parse_not());
      return node;
    }
    return parse_atom();
  }

  NodePtr parse_atom() {
    if (pos_ >= tokens_.size()) fail("unexpected end of rule");
    const std::string token = tokens_[pos_++];
    if (token == "(") {
      NodePtr inner = parse_or();
      if (pos_ >= tokens_.size() || tokens_[pos_] != ")") fail("missing ')'");
      ++pos_;
      return inner;
    }
    if (token == ")" || lower(token) == "and" || lower(token) == "or") {
      fail("unexpected '" + token + "'");
    }
    auto node = std::make_shared<Node>();
    if (token == "@") return node;
    if (token == "!") {
      node->kind = Node::Kind::never;
      return node;
    }
    const std::size_t colon = token.find(':');
    if (colon == std::string::npos || colon == 0 || colon + 1 == token.size()) {
      fail("'" + token + "' is not a check of the form kind:match");
    }
    const std::string kind = token.substr(0, colon);
    const std::string match = token.substr(colon + 1);
    if (kind == "rule") {
      node->kind = Node::Kind::rule;
      node->left = match;
    } else if (kind == "role") {
      node->kind = Node::Kind::role;
      node->left = lower(match);
    } else {
      node->kind = Node::Kind::generic;
      node->left = kind;
      node->right = match;
    }
    return node;
  }

  std::string_view text_;
  std::vector<std::string> tokens_;
  std::size_t pos_ = 0;
};

/// Expands "%(key)s" from the target; false if a key is missing (oslo.policy's KeyError).
bool substitute(const std::string& pattern, const PolicyTarget& target, std::string& out) {
  out.clear();
  std::size_t i = 0;
  while (i < pattern.size()) {
    const std::size_t open = pattern.find("%(", i);
    if (open == std::string::npos) {
      out.append(pattern, i, std::string::npos);
      break;
    }
    const std::size_t close = pattern.find(")s", open + 2);
    if (close == std::string::npos) {
      out.append(pattern, i, std::string::npos);
      break;
    }
    out.append(pattern, i, open - i);
    const auto it = target.find(pattern.substr(open + 2, close - open - 2));
    if (it == target.end()) return false;
    out += it->second;
    i = close + 2;
  }
  return true;
}

bool is_quoted(const std::string& s) {
  return s.size() >= 2 && (s.front() == '\'' || s.front() == '"') && s.back() == s.front();
}

bool evaluate_node(const Node& node, const PolicyCredentials& creds, const PolicyTarget& target,
                   const PolicyRule::Resolver& resolver, int depth) {
  switch (node.kind) {
    case Node::Kind::always:
      return true;
    case Node::Kind::never:
      return false;
    case Node::Kind::all_of:
      return std::all_of(node.children.begin(), node.children.end(), [&](const NodePtr& c) {
        return evaluate_node(*c, creds, target, resolver, depth);
      });
    case Node::Kind::any_of:
      return std::any_of(node.children.begin(), node.children.end(), [&](const NodePtr& c) {
        return evaluate_node(*c, creds, target, resolver, depth);
      });
    case Node::Kind::negation:
      return !evaluate_node(*node.children.front(), creds, target, resolver, depth);
    case Node::Kind::rule: {
      if (depth >= max_rule_depth) return false;
      const PolicyRule* rule = resolver ? resolver(node.left) : nullptr;
      return rule != nullptr && evaluate_node(rule->root(), creds, target, resolver, depth + 1);
    }
    case Node::Kind::role: {
      std::string wanted;
      if (!substitute(node.left, target, wanted)) return false;
      return std::any_of(creds.roles.begin(), creds.roles.end(),
                         [&](const std::string& r) { return lower(r) == lower(wanted); });
    }
    case Node::Kind::generic: {
      std::string match;
      if (!substitute(node.right, target, match)) return false;
      if (is_quoted(node.left)) return node.left.substr(1, node.left.size() - 2) == match;
      const auto it = creds.attributes.find(node.left);
      return it != creds.attributes.end() && it->second == match;
    }
  }
  return false;
}

}  // namespace

PolicyRule PolicyRule::parse(std::string_view text) {
  Parser parser(text, tokenize(text));
  return PolicyRule(std::string(text), parser.parse_all());
}

bool PolicyRule::evaluate(const PolicyCredentials& credentials, const PolicyTarget& target,
                          const Resolver& resolver) const {
  return evaluate_node(*root_, credentials, target, resolver, 0);
}

}  // namespace stacksim::identity

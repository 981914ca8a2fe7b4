// Crisis-resource directory: loading with schema validation (every problem is
// one line naming the file and the country or resource at fault), the
// assessment -> scopes mapping, and the choice of resources for a country.
// docs/resources.md is the reference for the rules.
#include "serve/resources.hpp"

#include <algorithm>
#include <fstream>
#include <initializer_list>
#include <map>
#include <set>
#include <sstream>
#include <stdexcept>

extern "C" const char lifeguard_embedded_resources[];
extern "C" const char lifeguard_embedded_resources_end[];

namespace lifeguard::serve {
namespace {

using nlohmann::json;

constexpr std::string_view kSuicideCrisis = "suicide_crisis";
constexpr std::string_view kGeneralMentalHealth = "general_mental_health";
constexpr std::string_view kDomesticViolence = "domestic_violence";
constexpr std::string_view kSexualViolence = "sexual_violence";
constexpr std::string_view kChildAbuse = "child_abuse";
constexpr std::string_view kEatingDisorder = "eating_disorder";
constexpr std::string_view kSubstanceUse = "substance_use";
constexpr std::string_view kTrafficking = "trafficking";
constexpr std::string_view kLgbtqYouth = "lgbtq_youth";

// ---------------------------------------------------------------- loading

bool is_known_scope(std::string_view scope) {
  return std::find(kResourceScopes.begin(), kResourceScopes.end(), scope) != kResourceScopes.end();
}

bool is_upper_alpha2(std::string_view code) {
  return code.size() == 2 && code[0] >= 'A' && code[0] <= 'Z' && code[1] >= 'A' && code[1] <= 'Z';
}

// Ids appear in the API, so they stay plain: lower-case letters, digits, '-'.
bool is_plain_id(std::string_view id) {
  return !id.empty() && std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
  });
}

// Dialable text only, so a letter O typed for a zero cannot slip through.
bool is_dialable(std::string_view number) {
  bool digit = false;
  for (char c : number) {
    if (c >= '0' && c <= '9') {
      digit = true;
    } else if (std::string_view(" +-*#().").find(c) == std::string_view::npos) {
      return false;
    }
  }
  return digit;
}

bool is_language_code(std::string_view code) {  // ISO 639-1 or -3, lower case
  return (code.size() == 2 || code.size() == 3) &&
         std::all_of(code.begin(), code.end(), [](char c) { return c >= 'a' && c <= 'z'; });
}

bool is_web_address(std::string_view text) {
  return text.starts_with("https://") || text.starts_with("http://");
}

bool is_date(std::string_view text) {  // YYYY-MM-DD (shape only)
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return false;
  for (std::size_t i : {0u, 1u, 2u, 3u, 5u, 6u, 8u, 9u}) {
    if (text[i] < '0' || text[i] > '9') return false;
  }
  return true;
}

// Throws the one-line error: "origin: where: problem".
class Problems {
 public:
  explicit Problems(std::string_view origin) : origin_(origin) {}

  [[noreturn]] void fail(const std::string& where, const std::string& problem) const {
    throw std::runtime_error(origin_ + ": " + (where.empty() ? "" : where + ": ") + problem);
  }

  void only_keys(const json& object, std::initializer_list<std::string_view> allowed, const std::string& where) const {
    for (const auto& item : object.items()) {
      if (std::find(allowed.begin(), allowed.end(), item.key()) == allowed.end()) {
        fail(where, "unknown field '" + item.key() + "'");
      }
    }
  }

  std::string required_string(const json& object, const char* key, const std::string& where) const {
    auto found = object.find(key);
    if (found == object.end() || found->is_null()) fail(where, std::string("missing '") + key + "'");
    if (!found->is_string()) fail(where, std::string("'") + key + "' must be a string");
    std::string value = found->get<std::string>();
    if (value.empty()) fail(where, std::string("'") + key + "' is empty");
    return value;
  }

  std::optional<std::string> optional_string(const json& object, const char* key, const std::string& where) const {
    if (!object.contains(key)) return std::nullopt;
    return required_string(object, key, where);
  }

  std::vector<std::string> string_list(const json& object, const char* key, const std::string& where) const {
    auto found = object.find(key);
    if (found == object.end() || found->is_null()) fail(where, std::string("missing '") + key + "'");
    if (!found->is_array() || found->empty()) fail(where, std::string("'") + key + "' must be a non-empty list");
    std::vector<std::string> values;
    for (const json& item : *found) {
      if (!item.is_string()) fail(where, std::string("'") + key + "' must hold strings");
      values.push_back(item.get<std::string>());
    }
    return values;
  }

 private:
  std::string origin_;
};

// JSON objects with a repeated key parse silently (the last one wins), which
// would hide a copy-pasted country; the parser callback catches it.
json parse_json_without_duplicate_keys(std::string_view text, const Problems& problems) {
  std::vector<std::set<std::string>> open_objects;
  std::string duplicate;
  auto callback = [&](int /*depth*/, json::parse_event_t event, json& parsed) {
    if (event == json::parse_event_t::object_start) {
      open_objects.emplace_back();
    } else if (event == json::parse_event_t::object_end) {
      if (!open_objects.empty()) open_objects.pop_back();
    } else if (event == json::parse_event_t::key && !open_objects.empty()) {
      const std::string key = parsed.get<std::string>();
      if (!open_objects.back().insert(key).second && duplicate.empty()) duplicate = key;
    }
    return true;
  };
  json document;
  try {
    document = json::parse(text.begin(), text.end(), callback);
  } catch (const json::parse_error& error) {
    problems.fail("", "invalid JSON at byte " + std::to_string(error.byte));
  } catch (const json::exception&) {  // e.g. out_of_range: a number too large for any type
    problems.fail("", "invalid JSON (a value out of range)");
  }
  if (!duplicate.empty()) problems.fail("", "duplicate key '" + duplicate + "'");
  return document;
}

// `where_list` names the list ("country GB", "international"); contact says
// whether the entry needs a phone, sms or chat (directories need only a url).
Resource read_resource(const json& entry, const std::string& where_list, std::size_t index, bool needs_contact,
                       const Problems& problems) {
  const std::string where_index = where_list + " resources[" + std::to_string(index) + "]";
  if (!entry.is_object()) problems.fail(where_index, "must be an object");
  Resource resource;
  resource.id = problems.required_string(entry, "id", where_index);
  const std::string where = where_list + " resource " + resource.id;
  if (!is_plain_id(resource.id)) problems.fail(where, "id must use only a-z, 0-9 and '-'");
  problems.only_keys(entry, {"id", "name", "scopes", "phone", "sms", "chat", "url", "hours", "languages", "source"},
                     where);

  resource.name = problems.required_string(entry, "name", where);
  resource.scopes = problems.string_list(entry, "scopes", where);
  std::set<std::string_view> seen;
  for (const std::string& scope : resource.scopes) {
    if (!is_known_scope(scope)) problems.fail(where, "unknown scope '" + scope + "'");
    if (!seen.insert(scope).second) problems.fail(where, "scope '" + scope + "' listed twice");
  }
  resource.phone = problems.optional_string(entry, "phone", where);
  if (resource.phone && !is_dialable(*resource.phone)) {
    problems.fail(where, "'phone' must hold only digits, spaces and + - * # ( ) .");
  }
  resource.sms = problems.optional_string(entry, "sms", where);
  resource.chat = problems.optional_string(entry, "chat", where);
  if (resource.chat && !is_web_address(*resource.chat)) problems.fail(where, "'chat' must be an http(s) address");
  if (needs_contact && !resource.phone && !resource.sms && !resource.chat) {
    problems.fail(where, "needs at least one of 'phone', 'sms', 'chat'");
  }
  resource.url = problems.required_string(entry, "url", where);
  if (!is_web_address(resource.url)) problems.fail(where, "'url' must be an http(s) address");
  resource.hours = problems.required_string(entry, "hours", where);
  resource.languages = problems.string_list(entry, "languages", where);
  for (const std::string& language : resource.languages) {
    if (!is_language_code(language)) problems.fail(where, "language '" + language + "' is not an ISO 639 code");
  }
  resource.source = problems.required_string(entry, "source", where);
  if (!is_web_address(resource.source)) problems.fail(where, "'source' must be an http(s) address");
  return resource;
}

std::vector<Resource> read_resource_list(const json& list, const std::string& where_list, bool needs_contact,
                                         const Problems& problems) {
  if (!list.is_array() || list.empty()) problems.fail(where_list, "must be a non-empty list of resources");
  std::vector<Resource> resources;
  for (std::size_t i = 0; i < list.size(); ++i) {
    resources.push_back(read_resource(list[i], where_list, i, needs_contact, problems));
  }
  // The fallback of last resort (docs/resources.md), so every list needs one.
  const bool has_crisis_line = std::any_of(resources.begin(), resources.end(), [](const Resource& resource) {
    return std::find(resource.scopes.begin(), resource.scopes.end(), kSuicideCrisis) != resource.scopes.end();
  });
  if (!has_crisis_line) problems.fail(where_list, "no resource with scope 'suicide_crisis'");
  return resources;
}

Country read_country(const std::string& code, const json& value, const Problems& problems) {
  const std::string where = "country " + code;
  if (!is_upper_alpha2(code)) problems.fail(where, "country keys must be ISO 3166-1 alpha-2 codes in upper case");
  if (!value.is_object()) problems.fail(where, "must be an object");
  problems.only_keys(value, {"name", "emergency", "resources"}, where);
  Country country;
  country.code = code;
  country.name = problems.required_string(value, "name", where);
  country.emergency = problems.required_string(value, "emergency", where);
  if (!is_dialable(country.emergency)) problems.fail(where, "'emergency' must be a dialable number");
  if (!value.contains("resources")) problems.fail(where, "missing 'resources'");
  country.resources = read_resource_list(value["resources"], where, /*needs_contact=*/true, problems);
  return country;
}

// ---------------------------------------------------------------- scopes

std::string lower_ascii(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// Features are snake_case indicators written by a model or the screener;
// matching is on lower-cased text. Short words that occur inside unrelated
// words ("trans" in "transport", "kid" in "kidnap") match whole words only.
class FeatureText {
 public:
  explicit FeatureText(const Risk& risk) {
    for (const std::string& feature : risk.features) {
      std::string lowered = lower_ascii(feature);
      std::size_t start = 0;
      while (start <= lowered.size()) {
        std::size_t end = lowered.find_first_of("_- ", start);
        if (end == std::string::npos) end = lowered.size();
        if (end > start) words_.push_back(lowered.substr(start, end - start));
        start = end + 1;
      }
      features_.push_back(std::move(lowered));
    }
  }

  bool contains(std::initializer_list<std::string_view> needles) const {
    return std::any_of(features_.begin(), features_.end(), [&](const std::string& feature) {
      return std::any_of(needles.begin(), needles.end(),
                         [&](std::string_view needle) { return feature.find(needle) != std::string::npos; });
    });
  }

  bool has_word(std::initializer_list<std::string_view> words) const {
    return std::any_of(words_.begin(), words_.end(), [&](const std::string& word) {
      return std::find(words.begin(), words.end(), word) != words.end();
    });
  }

  bool has_word_starting(std::string_view prefix, std::string_view except = {}) const {
    return std::any_of(words_.begin(), words_.end(), [&](const std::string& word) {
      return word.starts_with(prefix) && (except.empty() || !word.starts_with(except));
    });
  }

 private:
  std::vector<std::string> features_;
  std::vector<std::string> words_;
};

// A child is the one harmed: said outright (minor_involved) for any subject;
// for a third party also any child word ("my neighbour's kids"). For the
// speaker, "childhood_abuse" and the like describe an adult's past.
bool child_victim(const Risk& risk, const FeatureText& text) {
  if (text.has_word({"minor", "minors", "underage"})) return true;
  if (risk.subject != Subject::other) return false;
  return text.has_word_starting("child", "childhood") ||
         text.has_word({"kid", "kids", "toddler", "infant", "baby", "teen", "teens", "teenager", "teenagers"});
}

bool partner_or_family(const FeatureText& text) {
  return text.contains({"partner", "domestic", "family", "spouse", "husband", "wife", "boyfriend", "girlfriend",
                        "intimate", "dating", "strangul"}) ||
         text.has_word({"ex"});
}

// The scopes one risk calls for, most specific first.
std::vector<std::string_view> risk_scopes(const Risk& risk) {
  const FeatureText text(risk);
  const bool child = child_victim(risk, text);
  std::vector<std::string_view> scopes;
  switch (risk.type) {
    case RiskType::suicide:
      scopes = {kSuicideCrisis};
      break;
    case RiskType::self_harm:
      scopes = {kSuicideCrisis, kGeneralMentalHealth};
      break;
    case RiskType::self_neglect:
      scopes = {kGeneralMentalHealth};
      if (text.contains({"food", "restrict", "binge"})) scopes.push_back(kEatingDisorder);
      break;
    case RiskType::violence:
      if (child) scopes.push_back(kChildAbuse);
      if (partner_or_family(text)) {
        scopes.push_back(kDomesticViolence);
      } else if (text.contains({"perpetrator"})) {
        // The speaker threatens someone: crisis counselling, not a victims' line.
        scopes.push_back(kGeneralMentalHealth);
      } else if (risk.subject == Subject::other) {
        // A third party at risk: domestic-violence lines also advise the
        // friends and family who write in.
        scopes.push_back(kDomesticViolence);
      } else {
        scopes.push_back(kGeneralMentalHealth);
      }
      break;
    case RiskType::abuse:
      if (child) scopes.push_back(kChildAbuse);
      scopes.push_back(kDomesticViolence);
      break;
    case RiskType::sexual_violence:
      scopes = {kSexualViolence};
      if (child) scopes.push_back(kChildAbuse);
      break;
    case RiskType::exploitation:
      if (child || text.contains({"grooming"})) scopes.push_back(kChildAbuse);
      if (text.contains({"sextortion", "sexual", "nude", "intimate_image", "explicit_image"})) {
        scopes.push_back(kSexualViolence);
      }
      scopes.push_back(kTrafficking);
      break;
    case RiskType::stalking:
      scopes = {kDomesticViolence};
      break;
    case RiskType::neglect:
      scopes = {kChildAbuse};
      break;
  }
  if (text.contains({"lgbt", "queer", "homophob", "transphob"}) ||
      text.has_word({"trans", "transgender", "nonbinary", "gay", "lesbian", "bisexual"})) {
    scopes.push_back(kLgbtqYouth);
  }
  if (text.contains({"eating", "anorexi", "bulimi", "purg"})) scopes.push_back(kEatingDisorder);
  if (text.contains({"substance", "alcohol", "overdose", "drug"})) scopes.push_back(kSubstanceUse);
  // A speaker in serious danger of any kind should always see a crisis line.
  if (risk.subject == Subject::self && risk.severity && *risk.severity >= Severity::high) {
    scopes.push_back(kSuicideCrisis);
  }
  std::vector<std::string_view> unique;
  for (std::string_view scope : scopes) {
    if (std::find(unique.begin(), unique.end(), scope) == unique.end()) unique.push_back(scope);
  }
  return unique;
}

// ---------------------------------------------------------------- choosing

bool carries(const Resource& resource, std::string_view scope) {
  return std::find(resource.scopes.begin(), resource.scopes.end(), scope) != resource.scopes.end();
}

// Every wanted scope gets its earliest entry first (so each need is covered
// near the top even when one scope has many entries), then the rest fill up.
std::vector<const Resource*> choose(const std::vector<Resource>& list, const std::vector<std::string_view>& wanted) {
  std::vector<const Resource*> chosen;
  auto taken = [&](const Resource& resource) {
    return std::find(chosen.begin(), chosen.end(), &resource) != chosen.end();
  };
  for (std::string_view scope : wanted) {
    if (chosen.size() == ResourceDirectory::kMaxResources) return chosen;
    const bool covered =
        std::any_of(chosen.begin(), chosen.end(), [&](const Resource* resource) { return carries(*resource, scope); });
    if (covered) continue;
    auto first = std::find_if(list.begin(), list.end(), [&](const Resource& resource) { return carries(resource, scope); });
    if (first != list.end()) chosen.push_back(&*first);
  }
  for (std::string_view scope : wanted) {
    for (const Resource& resource : list) {
      if (chosen.size() == ResourceDirectory::kMaxResources) return chosen;
      if (carries(resource, scope) && !taken(resource)) chosen.push_back(&resource);
    }
  }
  return chosen;
}

}  // namespace

std::vector<std::string> scopes_for(const Assessment& assessment) {
  if (!assessment.show_resources()) return {};
  struct Wanted {
    std::string_view scope;
    Severity severity;   // of the most severe risk that called for it
    std::size_t first;   // when it was first called for: ties keep this order
  };
  std::vector<Wanted> wanted;
  for (const Risk& risk : assessment.risks) {
    // An unreadable severity is still a risk: ranked as mild, like speaker_severity.
    const Severity severity = risk.severity.value_or(Severity::mild);
    for (std::string_view scope : risk_scopes(risk)) {
      auto found = std::find_if(wanted.begin(), wanted.end(), [&](const Wanted& w) { return w.scope == scope; });
      if (found == wanted.end()) {
        wanted.push_back({scope, severity, wanted.size()});
      } else {
        found->severity = std::max(found->severity, severity);
      }
    }
  }
  std::stable_sort(wanted.begin(), wanted.end(), [](const Wanted& a, const Wanted& b) {
    return a.severity > b.severity;
  });
  std::vector<std::string> scopes;
  for (const Wanted& w : wanted) scopes.emplace_back(w.scope);
  return scopes;
}

ResourceDirectory ResourceDirectory::parse(std::string_view json_text, std::string_view origin) {
  const Problems problems(origin);
  const json document = parse_json_without_duplicate_keys(json_text, problems);
  if (!document.is_object()) problems.fail("", "the file must hold a JSON object");
  problems.only_keys(document, {"format", "reviewed", "note", "countries", "international"}, "");

  auto format = document.find("format");
  if (format == document.end()) problems.fail("", "missing 'format'");
  if (!format->is_number_integer() || format->get<long long>() != 1) problems.fail("", "'format' must be 1");

  ResourceDirectory directory;
  directory.reviewed_ = problems.required_string(document, "reviewed", "");
  if (!is_date(directory.reviewed_)) problems.fail("", "'reviewed' must be a date YYYY-MM-DD");
  if (document.contains("note") && !document["note"].is_string()) problems.fail("", "'note' must be a string");

  auto countries = document.find("countries");
  if (countries == document.end()) problems.fail("", "missing 'countries'");
  if (!countries->is_object()) problems.fail("", "'countries' must be an object keyed by country code");
  for (const auto& item : countries->items()) {  // nlohmann::json keeps keys sorted
    directory.countries_.push_back(read_country(item.key(), item.value(), problems));
  }

  auto international = document.find("international");
  if (international == document.end()) problems.fail("", "missing 'international'");
  directory.international_ = read_resource_list(*international, "international", /*needs_contact=*/false, problems);

  // Ids are unique across the whole file: the API and the logs name resources by id.
  std::map<std::string, std::string> first_seen;
  auto note_id = [&](const Resource& resource, const std::string& where) {
    auto [found, inserted] = first_seen.emplace(resource.id, where);
    if (!inserted) problems.fail(where + " resource " + resource.id, "duplicate id (also in " + found->second + ")");
  };
  for (const Country& country : directory.countries_) {
    for (const Resource& resource : country.resources) note_id(resource, "country " + country.code);
  }
  for (const Resource& resource : directory.international_) note_id(resource, "international");
  return directory;
}

ResourceDirectory ResourceDirectory::load_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error(path.string() + ": cannot open resources file");
  std::stringstream buffer;
  buffer << in.rdbuf();
  return parse(buffer.str(), path.string());
}

const ResourceDirectory& ResourceDirectory::bundled() {
  static const ResourceDirectory directory = [] {
    const std::string_view bytes(
        lifeguard_embedded_resources,
        static_cast<std::size_t>(lifeguard_embedded_resources_end - lifeguard_embedded_resources));
    return parse(bytes, "(bundled data/resources.json)");
  }();
  return directory;
}

const Country* ResourceDirectory::find_country(std::string_view code) const {
  std::string upper(code);
  for (char& c : upper) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  if (!is_upper_alpha2(upper)) return nullptr;
  auto found = std::lower_bound(countries_.begin(), countries_.end(), upper,
                                [](const Country& country, const std::string& key) { return country.code < key; });
  return found != countries_.end() && found->code == upper ? &*found : nullptr;
}

ResourceMatch ResourceDirectory::match(const Assessment& assessment, std::optional<std::string_view> country) const {
  ResourceMatch result;
  const Country* found = country ? find_country(*country) : nullptr;
  const std::vector<Resource>& list = found ? found->resources : international_;
  result.country = found ? found->code : "international";
  result.country_known = found != nullptr;
  result.emergency = found ? found->emergency : "";
  if (!assessment.show_resources()) return result;

  result.scopes = scopes_for(assessment);
  const std::vector<std::string_view> wanted(result.scopes.begin(), result.scopes.end());
  result.resources = choose(list, wanted);
  if (result.resources.empty()) result.resources = choose(list, {kSuicideCrisis, kGeneralMentalHealth});
  return result;
}

json to_json(const Resource& resource) {
  json out = {{"id", resource.id}, {"name", resource.name}, {"scopes", resource.scopes}};
  if (resource.phone) out["phone"] = *resource.phone;
  if (resource.sms) out["sms"] = *resource.sms;
  if (resource.chat) out["chat"] = *resource.chat;
  out["url"] = resource.url;
  out["hours"] = resource.hours;
  out["languages"] = resource.languages;
  out["source"] = resource.source;
  return out;
}

json to_json(const ResourceMatch& match) {
  json out = json::array();
  for (const Resource* resource : match.resources) out.push_back(to_json(*resource));
  return out;
}

}  // namespace lifeguard::serve

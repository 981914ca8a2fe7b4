// The crisis-resource directory (data/resources.json, compiled in; operators
// may load another file) and the choice of resources for one assessment, as
// the /v1/screen response shows them. docs/resources.md has the schema and the
// rules; the comments on scopes_for and match below say them in brief.
#pragma once

#include <array>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/assessment.hpp"

namespace lifeguard::serve {

// The only scopes a resource may carry, and the only ones scopes_for yields.
inline constexpr std::array<std::string_view, 9> kResourceScopes = {
    "suicide_crisis", "domestic_violence", "sexual_violence",
    "child_abuse",    "eating_disorder",   "substance_use",
    "general_mental_health", "trafficking", "lgbtq_youth"};

struct Resource {
  std::string id, name;
  std::vector<std::string> scopes;
  std::optional<std::string> phone, sms, chat;
  std::string url, hours;
  std::vector<std::string> languages;
  std::string source;
};

struct Country {
  std::string code;  // ISO 3166-1 alpha-2, upper case
  std::string name;
  std::string emergency;  // the national emergency number
  std::vector<Resource> resources;  // in file order
};

// The resources chosen for one assessment. The pointers point into the
// ResourceDirectory that made the match, which must outlive it.
struct ResourceMatch {
  std::vector<const Resource*> resources;
  std::vector<std::string> scopes;  // wanted, most severe first (scopes_for)
  std::string country;              // the country used, or "international"
  bool country_known = false;       // false: none given, or not in the directory
  std::string emergency;            // national number, empty for international
};

// The scopes an assessment calls for, most severe first; empty when it shows
// no resources. Per risk type: suicide -> suicide_crisis; self_harm ->
// suicide_crisis, general_mental_health; self_neglect -> general_mental_health
// (+ eating_disorder, substance_use from features); violence ->
// domestic_violence for a partner/family feature or a third party at risk
// (unless the speaker is the one threatening), else general_mental_health;
// abuse -> domestic_violence (child_abuse first when the victim is a child);
// sexual_violence -> sexual_violence (+ child_abuse for a minor);
// exploitation -> trafficking (child_abuse / sexual_violence first when
// features say so); stalking -> domestic_violence; neglect -> child_abuse.
// Features on any risk add lgbtq_youth, eating_disorder and substance_use, and
// a self risk of high or critical severity adds suicide_crisis.
std::vector<std::string> scopes_for(const Assessment& assessment);

class ResourceDirectory {
 public:
  // Errors are std::runtime_error with one line: origin, where, problem.
  static ResourceDirectory load_file(const std::filesystem::path& path);
  static ResourceDirectory parse(std::string_view json_text, std::string_view origin);
  // data/resources.json as compiled into the library, parsed once.
  static const ResourceDirectory& bundled();

  // Sorted by code.
  const std::vector<Country>& countries() const { return countries_; }
  // Case-insensitive alpha-2 code; nullptr when the directory has no such country.
  const Country* find_country(std::string_view code) const;
  const std::vector<Resource>& international() const { return international_; }
  const std::string& reviewed() const { return reviewed_; }  // "YYYY-MM-DD"

  // No resources when the assessment shows none. Otherwise, from the
  // country's list (the international list when the country is absent or
  // unknown): first the earliest entry for each wanted scope in scope order,
  // then the other entries carrying a wanted scope in scope order and file
  // order; at most kMaxResources, no entry twice. When nothing matches, the
  // list's suicide_crisis and general_mental_health entries instead, so the
  // result is never empty when resources are to be shown.
  ResourceMatch match(const Assessment& assessment, std::optional<std::string_view> country) const;

  static constexpr std::size_t kMaxResources = 6;

 private:
  std::string reviewed_;
  std::vector<Country> countries_;
  std::vector<Resource> international_;
};

// [{id, name, scopes, phone?, sms?, chat?, url, hours, languages, source}]
nlohmann::json to_json(const Resource& resource);
nlohmann::json to_json(const ResourceMatch& match);

}  // namespace lifeguard::serve

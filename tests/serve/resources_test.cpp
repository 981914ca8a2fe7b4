// The crisis-resource directory: the bundled file is valid and complete, each
// risk type/subject/feature combination maps to the documented scopes
// (docs/resources.md), the chosen resources carry them for real countries,
// unknown countries fall back to the international directories, and broken
// files are refused with one line naming the entry at fault.
#include "serve/resources.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "support/make_risk.hpp"
#include "support/run_command.hpp"

namespace lifeguard::serve {
namespace {

using test_support::make_risk;
using Scopes = std::vector<std::string>;

const ResourceDirectory& bundled() { return ResourceDirectory::bundled(); }

Assessment assess(std::vector<Risk> risks) { return Assessment{"", std::move(risks)}; }

Risk risk(Subject subject, RiskType type, Severity severity, std::vector<std::string> features = {}) {
  return make_risk(subject, type, severity, std::nullopt, std::move(features));
}

bool carries(const Resource& resource, std::string_view scope) {
  return std::find(resource.scopes.begin(), resource.scopes.end(), scope) != resource.scopes.end();
}

bool carries_any(const Resource& resource, const Scopes& scopes) {
  return std::any_of(scopes.begin(), scopes.end(), [&](const std::string& scope) { return carries(resource, scope); });
}

std::vector<std::string> ids(const ResourceMatch& match) {
  std::vector<std::string> out;
  for (const Resource* resource : match.resources) out.push_back(resource->id);
  return out;
}

bool has_id(const ResourceMatch& match, std::string_view id) {
  return std::any_of(match.resources.begin(), match.resources.end(),
                     [&](const Resource* resource) { return resource->id == id; });
}

// ---------------------------------------------------------------- the bundled file

TEST(ResourceDirectory, BundledFileLoadsWithCountriesAndInternationalDirectories) {
  const ResourceDirectory& directory = bundled();
  EXPECT_GE(directory.countries().size(), 40u);
  EXPECT_FALSE(directory.international().empty());
  EXPECT_EQ(directory.reviewed().size(), 10u);
  for (const char* code : {"US", "GB", "DE", "JP", "IN", "AU", "CA", "BR", "ZA"}) {
    EXPECT_NE(directory.find_country(code), nullptr) << code;
  }
  EXPECT_TRUE(std::is_sorted(directory.countries().begin(), directory.countries().end(),
                             [](const Country& a, const Country& b) { return a.code < b.code; }));
}

TEST(ResourceDirectory, BundledCopyIsTheFileInTheSourceTree) {
  const auto from_file = ResourceDirectory::load_file(test_support::source_path("data/resources.json"));
  EXPECT_EQ(from_file.countries().size(), bundled().countries().size());
  EXPECT_EQ(from_file.reviewed(), bundled().reviewed());
  EXPECT_EQ(from_file.international().size(), bundled().international().size());
}

TEST(ResourceDirectory, EveryCountryHasAnEmergencyNumberAndASuicideCrisisLine) {
  for (const Country& country : bundled().countries()) {
    EXPECT_FALSE(country.emergency.empty()) << country.code;
    EXPECT_TRUE(std::any_of(country.resources.begin(), country.resources.end(),
                            [](const Resource& resource) { return carries(resource, "suicide_crisis"); }))
        << country.code;
  }
}

TEST(ResourceDirectory, FindsCountriesCaseInsensitivelyByAlpha2CodeOnly) {
  ASSERT_NE(bundled().find_country("gb"), nullptr);
  EXPECT_EQ(bundled().find_country("gb")->code, "GB");
  EXPECT_EQ(bundled().find_country("Gb"), bundled().find_country("GB"));
  EXPECT_EQ(bundled().find_country("GBR"), nullptr);
  EXPECT_EQ(bundled().find_country(""), nullptr);
  EXPECT_EQ(bundled().find_country("ZZ"), nullptr);
  EXPECT_EQ(bundled().find_country("g1"), nullptr);
}

// ---------------------------------------------------------------- assessment -> scopes

struct ScopeCase {
  const char* name;
  std::vector<Risk> risks;
  Scopes expected;
};

TEST(ResourceScopes, EachRiskTypeSubjectAndFeatureMapsToTheDocumentedScopes) {
  const std::vector<ScopeCase> cases = {
      {"suicide", {risk(Subject::self, RiskType::suicide, Severity::moderate, {"passive_ideation"})}, {"suicide_crisis"}},
      {"suicide of a friend", {risk(Subject::other, RiskType::suicide, Severity::high)}, {"suicide_crisis"}},
      {"self-harm",
       {risk(Subject::self, RiskType::self_harm, Severity::moderate, {"self_injury"})},
       {"suicide_crisis", "general_mental_health"}},
      {"self-neglect", {risk(Subject::self, RiskType::self_neglect, Severity::mild)}, {"general_mental_health"}},
      {"self-neglect, disordered eating",
       {risk(Subject::self, RiskType::self_neglect, Severity::moderate, {"disordered_eating"})},
       {"general_mental_health", "eating_disorder"}},
      {"self-neglect, food restriction",
       {risk(Subject::self, RiskType::self_neglect, Severity::moderate, {"food_restriction"})},
       {"general_mental_health", "eating_disorder"}},
      {"self-neglect, substances",
       {risk(Subject::self, RiskType::self_neglect, Severity::moderate, {"substance_use"})},
       {"general_mental_health", "substance_use"}},
      {"self-neglect, medically dangerous",
       {risk(Subject::self, RiskType::self_neglect, Severity::critical, {"basic_needs_neglected"})},
       {"general_mental_health", "suicide_crisis"}},
      {"violence, speaker threatens a coworker",
       {risk(Subject::other, RiskType::violence, Severity::high, {"perpetrator_speaker", "threat_stated"})},
       {"general_mental_health"}},
      {"violence, stranger threatens the speaker",
       {risk(Subject::self, RiskType::violence, Severity::moderate, {"threat_stated"})},
       {"general_mental_health"}},
      {"violence, strangulation by a partner",
       {risk(Subject::self, RiskType::violence, Severity::critical, {"strangulation"})},
       {"domestic_violence", "suicide_crisis"}},
      {"violence, partner named",
       {risk(Subject::self, RiskType::violence, Severity::moderate, {"intimate_partner"})},
       {"domestic_violence"}},
      {"violence against a third party",
       {risk(Subject::other, RiskType::violence, Severity::moderate, {"third_party_disclosure"})},
       {"domestic_violence"}},
      {"violence against a child",
       {risk(Subject::other, RiskType::violence, Severity::high, {"minor_involved"})},
       {"child_abuse", "domestic_violence"}},
      {"abuse", {risk(Subject::self, RiskType::abuse, Severity::moderate, {"abuse_disclosed"})}, {"domestic_violence"}},
      {"abuse, high", {risk(Subject::self, RiskType::abuse, Severity::high)}, {"domestic_violence", "suicide_crisis"}},
      {"abuse of the neighbour's kids",
       {risk(Subject::other, RiskType::abuse, Severity::high, {"children_hit"})},
       {"child_abuse", "domestic_violence"}},
      {"abuse of a speaker who is a minor",
       {risk(Subject::self, RiskType::abuse, Severity::moderate, {"minor_involved"})},
       {"child_abuse", "domestic_violence"}},
      {"an adult's childhood abuse",
       {risk(Subject::self, RiskType::abuse, Severity::moderate, {"childhood_abuse_disclosed"})},
       {"domestic_violence"}},
      {"sexual violence", {risk(Subject::self, RiskType::sexual_violence, Severity::moderate)}, {"sexual_violence"}},
      {"sexual violence against a minor",
       {risk(Subject::other, RiskType::sexual_violence, Severity::high, {"minor_involved"})},
       {"sexual_violence", "child_abuse"}},
      {"exploitation", {risk(Subject::self, RiskType::exploitation, Severity::moderate)}, {"trafficking"}},
      {"sextortion",
       {risk(Subject::self, RiskType::exploitation, Severity::high, {"sextortion"})},
       {"sexual_violence", "trafficking", "suicide_crisis"}},
      {"grooming of a 13-year-old",
       {risk(Subject::other, RiskType::exploitation, Severity::high, {"grooming", "minor_involved"})},
       {"child_abuse", "trafficking"}},
      {"stalking", {risk(Subject::self, RiskType::stalking, Severity::moderate)}, {"domestic_violence"}},
      {"neglect of a toddler", {risk(Subject::other, RiskType::neglect, Severity::high)}, {"child_abuse"}},
      {"lgbtq feature",
       {risk(Subject::self, RiskType::suicide, Severity::moderate, {"lgbtq_rejection"})},
       {"suicide_crisis", "lgbtq_youth"}},
      {"trans as a word",
       {risk(Subject::self, RiskType::suicide, Severity::moderate, {"trans_identity"})},
       {"suicide_crisis", "lgbtq_youth"}},
      {"trans inside another word",
       {risk(Subject::self, RiskType::suicide, Severity::moderate, {"transport_planned"})},
       {"suicide_crisis"}},
      {"eating feature on another type",
       {risk(Subject::self, RiskType::self_harm, Severity::moderate, {"purging"})},
       {"suicide_crisis", "general_mental_health", "eating_disorder"}},
      {"overdose plan",
       {risk(Subject::self, RiskType::suicide, Severity::high, {"overdose_plan"})},
       {"suicide_crisis", "substance_use"}},
      {"feature case does not matter",
       {risk(Subject::self, RiskType::suicide, Severity::moderate, {"Alcohol_Use"})},
       {"suicide_crisis", "substance_use"}},
      {"unknown subject, unreadable severity",
       {make_risk(Subject::unknown, RiskType::stalking, std::nullopt)},
       {"domestic_violence"}},
  };
  for (const ScopeCase& c : cases) {
    EXPECT_EQ(scopes_for(assess(c.risks)), c.expected) << c.name;
  }
}

TEST(ResourceScopes, NoRiskMeansNoScopes) { EXPECT_TRUE(scopes_for(assess({})).empty()); }

TEST(ResourceScopes, MostSevereRiskComesFirst) {
  const Assessment assessment = assess({risk(Subject::other, RiskType::violence, Severity::mild),
                                        risk(Subject::self, RiskType::suicide, Severity::critical)});
  EXPECT_EQ(scopes_for(assessment), (Scopes{"suicide_crisis", "domestic_violence"}));
}

TEST(ResourceScopes, AScopeTakesTheSeverityOfItsMostSevereRisk) {
  // "he hit me again and I just want to disappear": the high abuse also asks
  // for a crisis line, so both are high and keep the order they were called in.
  const Assessment assessment = assess({risk(Subject::self, RiskType::abuse, Severity::high),
                                        risk(Subject::self, RiskType::suicide, Severity::moderate)});
  EXPECT_EQ(scopes_for(assessment), (Scopes{"domestic_violence", "suicide_crisis"}));

  const Assessment eating_first = assess({risk(Subject::self, RiskType::self_neglect, Severity::mild, {"binge"}),
                                          risk(Subject::self, RiskType::self_harm, Severity::moderate)});
  EXPECT_EQ(scopes_for(eating_first), (Scopes{"general_mental_health", "suicide_crisis", "eating_disorder"}));
}

// ---------------------------------------------------------------- choosing resources

TEST(ResourceMatch, UsSuicideLeadsWith988) {
  const auto match = bundled().match(assess({risk(Subject::self, RiskType::suicide, Severity::high)}), "US");
  EXPECT_EQ(match.country, "US");
  EXPECT_TRUE(match.country_known);
  EXPECT_EQ(match.emergency, "911");
  EXPECT_EQ(match.scopes, Scopes{"suicide_crisis"});
  ASSERT_FALSE(match.resources.empty());
  EXPECT_EQ(match.resources.front()->phone, "988");
  for (const Resource* resource : match.resources) EXPECT_TRUE(carries(*resource, "suicide_crisis")) << resource->id;
}

TEST(ResourceMatch, GbSuicideLeadsWithSamaritans) {
  const auto match = bundled().match(assess({risk(Subject::self, RiskType::suicide, Severity::moderate)}), "GB");
  EXPECT_EQ(match.emergency, "999");
  ASSERT_FALSE(match.resources.empty());
  EXPECT_EQ(match.resources.front()->id, "gb-samaritans");
  EXPECT_EQ(match.resources.front()->phone, "116 123");
  EXPECT_LE(match.resources.size(), ResourceDirectory::kMaxResources);
}

TEST(ResourceMatch, GbAbuseGivesADomesticViolenceLine) {
  const auto match = bundled().match(assess({risk(Subject::self, RiskType::abuse, Severity::moderate)}), "GB");
  ASSERT_FALSE(match.resources.empty());
  EXPECT_EQ(match.resources.front()->id, "gb-refuge");
  for (const Resource* resource : match.resources) EXPECT_TRUE(carries(*resource, "domestic_violence"));
}

TEST(ResourceMatch, EveryNeedIsCoveredEvenWhenOneScopeHasManyEntries) {
  // GB has seven suicide_crisis entries; the domestic-violence line must not
  // be pushed past the limit by them.
  const Assessment assessment = assess({risk(Subject::self, RiskType::suicide, Severity::critical),
                                        risk(Subject::self, RiskType::abuse, Severity::high)});
  const auto match = bundled().match(assessment, "GB");
  EXPECT_EQ(match.scopes, (Scopes{"suicide_crisis", "domestic_violence"}));
  ASSERT_EQ(match.resources.size(), ResourceDirectory::kMaxResources);
  EXPECT_EQ(ids(match)[0], "gb-samaritans");
  EXPECT_EQ(ids(match)[1], "gb-refuge");
}

TEST(ResourceMatch, DeSelfHarmGivesTelefonSeelsorge) {
  const auto match = bundled().match(assess({risk(Subject::self, RiskType::self_harm, Severity::moderate)}), "DE");
  EXPECT_EQ(match.emergency, "112");
  ASSERT_FALSE(match.resources.empty());
  EXPECT_EQ(match.resources.front()->phone, "0800 111 0 111");
}

TEST(ResourceMatch, JpAbuseGivesADomesticViolenceLine) {
  const auto match = bundled().match(assess({risk(Subject::self, RiskType::abuse, Severity::moderate)}), "JP");
  ASSERT_FALSE(match.resources.empty());
  EXPECT_TRUE(has_id(match, "jp-dv-soudan-plus"));
  for (const Resource* resource : match.resources) EXPECT_TRUE(carries(*resource, "domestic_violence"));
}

TEST(ResourceMatch, InSuicideLeadsWithTeleManas) {
  const auto match = bundled().match(assess({risk(Subject::self, RiskType::suicide, Severity::high)}), "IN");
  ASSERT_FALSE(match.resources.empty());
  EXPECT_EQ(match.resources.front()->phone, "14416");
}

TEST(ResourceMatch, AuSexualViolenceAndEatingDisorders) {
  const auto assault = bundled().match(assess({risk(Subject::self, RiskType::sexual_violence, Severity::moderate)}), "AU");
  EXPECT_EQ(assault.emergency, "000");
  EXPECT_EQ(ids(assault), std::vector<std::string>{"au-1800respect"});

  const auto eating = bundled().match(
      assess({risk(Subject::self, RiskType::self_neglect, Severity::moderate, {"disordered_eating"})}), "AU");
  EXPECT_TRUE(has_id(eating, "au-butterfly"));
  EXPECT_TRUE(has_id(eating, "au-lifeline"));
}

TEST(ResourceMatch, UsGroomingOfAChildLeadsWithChildhelpAndKeepsTheTraffickingLine) {
  const auto match = bundled().match(
      assess({risk(Subject::other, RiskType::exploitation, Severity::high, {"grooming", "minor_involved"})}), "US");
  ASSERT_GE(match.resources.size(), 2u);
  EXPECT_EQ(match.resources[0]->id, "us-childhelp");
  EXPECT_EQ(match.resources[1]->id, "us-nhth");
}

TEST(ResourceMatch, UsLgbtqYouthGetTheTrevorProjectNearTheTop) {
  const auto match =
      bundled().match(assess({risk(Subject::self, RiskType::suicide, Severity::high, {"lgbtq_rejection"})}), "US");
  ASSERT_GE(match.resources.size(), 2u);
  EXPECT_EQ(match.resources[0]->id, "us-988");
  EXPECT_EQ(match.resources[1]->id, "us-trevor");
}

TEST(ResourceMatch, NoMatchingEntryFallsBackToTheCountrysCrisisLines) {
  // Nigeria lists no domestic-violence line.
  const auto match = bundled().match(assess({risk(Subject::self, RiskType::abuse, Severity::moderate)}), "NG");
  EXPECT_EQ(match.scopes, Scopes{"domestic_violence"});
  ASSERT_FALSE(match.resources.empty());
  for (const Resource* resource : match.resources) {
    EXPECT_TRUE(carries_any(*resource, {"suicide_crisis", "general_mental_health"})) << resource->id;
  }
}

TEST(ResourceMatch, UnknownCountryGetsTheInternationalDirectories) {
  const auto match = bundled().match(assess({risk(Subject::self, RiskType::suicide, Severity::high)}), "ZZ");
  EXPECT_EQ(match.country, "international");
  EXPECT_FALSE(match.country_known);
  EXPECT_EQ(match.emergency, "");
  ASSERT_FALSE(match.resources.empty());
  for (const Resource* resource : match.resources) {
    EXPECT_TRUE(resource->id.starts_with("intl-")) << resource->id;
    EXPECT_TRUE(carries(*resource, "suicide_crisis")) << resource->id;
  }
}

TEST(ResourceMatch, AbsentCountryGetsTheInternationalDirectories) {
  const auto match = bundled().match(assess({risk(Subject::other, RiskType::neglect, Severity::high)}), std::nullopt);
  EXPECT_EQ(match.country, "international");
  EXPECT_FALSE(match.country_known);
  EXPECT_TRUE(has_id(match, "intl-child-helpline-international"));
  EXPECT_EQ(bundled().match(assess({risk(Subject::self, RiskType::suicide, Severity::high)}), "").country,
            "international");
}

TEST(ResourceMatch, LowerCaseCountryCodeWorks) {
  const auto match = bundled().match(assess({risk(Subject::self, RiskType::suicide, Severity::high)}), "gb");
  EXPECT_EQ(match.country, "GB");
  EXPECT_TRUE(match.country_known);
  ASSERT_FALSE(match.resources.empty());
  EXPECT_EQ(match.resources.front()->id, "gb-samaritans");
}

TEST(ResourceMatch, NoRiskShowsNoResourcesButStillNamesTheCountry) {
  const auto match = bundled().match(assess({}), "US");
  EXPECT_TRUE(match.resources.empty());
  EXPECT_TRUE(match.scopes.empty());
  EXPECT_EQ(match.country, "US");
  EXPECT_EQ(match.emergency, "911");
  EXPECT_EQ(to_json(match), nlohmann::json::array());
}

// Every country x type x subject (and two features) gives a short, duplicate-
// free, non-empty list whose entries carry a wanted scope (or the fallback
// scopes), and every wanted scope the country has an entry for is covered.
TEST(ResourceMatch, EveryCountryTypeAndSubjectGivesAValidList) {
  const std::vector<std::vector<std::string>> feature_sets = {{}, {"minor_involved", "substance_use"}};
  for (const Country& country : bundled().countries()) {
    for (RiskType type : kAllRiskTypes) {
      for (Subject subject : kAllSubjects) {
        for (const auto& features : feature_sets) {
          const auto match = bundled().match(assess({risk(subject, type, Severity::high, features)}), country.code);
          const std::string where = country.code + " " + std::string(to_string(type)) + " " +
                                    std::string(to_string(subject));
          ASSERT_FALSE(match.resources.empty()) << where;
          EXPECT_LE(match.resources.size(), ResourceDirectory::kMaxResources) << where;
          const std::set<const Resource*> unique(match.resources.begin(), match.resources.end());
          EXPECT_EQ(unique.size(), match.resources.size()) << where;
          const bool any_wanted = std::any_of(country.resources.begin(), country.resources.end(),
                                              [&](const Resource& r) { return carries_any(r, match.scopes); });
          const Scopes allowed = any_wanted ? match.scopes : Scopes{"suicide_crisis", "general_mental_health"};
          for (const Resource* resource : match.resources) {
            EXPECT_TRUE(carries_any(*resource, allowed)) << where << " " << resource->id;
          }
          if (!any_wanted) continue;
          for (const std::string& scope : match.scopes) {
            const bool available = std::any_of(country.resources.begin(), country.resources.end(),
                                               [&](const Resource& r) { return carries(r, scope); });
            const bool covered = std::any_of(match.resources.begin(), match.resources.end(),
                                             [&](const Resource* r) { return carries(*r, scope); });
            EXPECT_TRUE(!available || covered) << where << " " << scope;
          }
        }
      }
    }
  }
}

TEST(ResourceMatch, JsonCarriesTheApiFieldsAndOmitsAbsentContacts) {
  const auto match = bundled().match(assess({risk(Subject::self, RiskType::suicide, Severity::high)}), "US");
  const nlohmann::json out = to_json(match);
  ASSERT_TRUE(out.is_array());
  ASSERT_EQ(out.size(), match.resources.size());
  const nlohmann::json& first = out[0];
  EXPECT_EQ(first["id"], "us-988");
  EXPECT_EQ(first["phone"], "988");
  EXPECT_EQ(first["sms"], "988");
  EXPECT_TRUE(first.contains("chat"));
  for (const char* key : {"name", "scopes", "url", "hours", "languages", "source"}) {
    EXPECT_TRUE(first.contains(key)) << key;
  }
  EXPECT_EQ(first.size(), 10u);
  const auto text_line = std::find_if(out.begin(), out.end(), [](const nlohmann::json& r) {
    return r["id"] == "us-crisis-text-line";
  });
  ASSERT_NE(text_line, out.end());
  EXPECT_FALSE(text_line->contains("phone"));
  EXPECT_FALSE(text_line->contains("chat"));
}

// ---------------------------------------------------------------- broken files

nlohmann::json minimal_file() {
  return nlohmann::json::parse(R"({
    "format": 1, "reviewed": "2026-01-01", "note": "test",
    "countries": {
      "GB": {"name": "United Kingdom", "emergency": "999", "resources": [
        {"id": "gb-line", "name": "Line", "scopes": ["suicide_crisis"], "phone": "116 123",
         "url": "https://example.org/", "hours": "24/7", "languages": ["en"], "source": "https://example.org/"},
        {"id": "gb-dv", "name": "DV line", "scopes": ["domestic_violence"], "phone": "0808 2000 247",
         "url": "https://example.org/dv", "hours": "24/7", "languages": ["en"], "source": "https://example.org/dv"}]}
    },
    "international": [
      {"id": "intl-dir", "name": "Directory", "scopes": ["suicide_crisis"], "url": "https://example.org/dir",
       "hours": "24/7", "languages": ["en"], "source": "https://example.org/dir"}]
  })");
}

// The error message for a file, or "" when it loads.
std::string load_error(const std::string& text) {
  try {
    ResourceDirectory::parse(text, "test.json");
  } catch (const std::runtime_error& error) {
    return error.what();
  }
  return "";
}

std::string load_error(const nlohmann::json& file) { return load_error(file.dump()); }

void expect_error(const nlohmann::json& file, std::initializer_list<std::string_view> parts) {
  const std::string message = load_error(file);
  ASSERT_FALSE(message.empty()) << "loaded, but should not have";
  EXPECT_TRUE(message.starts_with("test.json: ")) << message;
  EXPECT_EQ(message.find('\n'), std::string::npos) << message;
  for (std::string_view part : parts) EXPECT_NE(message.find(part), std::string::npos) << message;
}

TEST(ResourceFile, MinimalFileLoads) {
  EXPECT_EQ(load_error(minimal_file()), "");
  const auto directory = ResourceDirectory::parse(minimal_file().dump(), "test.json");
  ASSERT_EQ(directory.countries().size(), 1u);
  EXPECT_EQ(directory.countries()[0].resources[0].phone, "116 123");
  EXPECT_FALSE(directory.international()[0].phone);
}

TEST(ResourceFile, BadJsonIsRefusedWithItsPosition) {
  const std::string message = load_error(std::string(R"({"format": 1,)"));
  EXPECT_TRUE(message.starts_with("test.json: invalid JSON at byte")) << message;
}

TEST(ResourceFile, UnknownScopeNamesTheResource) {
  auto file = minimal_file();
  file["countries"]["GB"]["resources"][1]["scopes"] = {"domestic_violence", "gambling"};
  expect_error(file, {"country GB resource gb-dv", "unknown scope 'gambling'"});
}

TEST(ResourceFile, MissingUrlNamesTheResource) {
  auto file = minimal_file();
  file["countries"]["GB"]["resources"][0].erase("url");
  expect_error(file, {"gb-line", "missing 'url'"});
}

TEST(ResourceFile, DuplicateIdNamesBothPlaces) {
  auto file = minimal_file();
  file["international"][0]["id"] = "gb-line";
  expect_error(file, {"international resource gb-line", "duplicate id", "country GB"});
}

TEST(ResourceFile, CountryWithoutASuicideLineIsRefused) {
  auto file = minimal_file();
  file["countries"]["FR"] = {{"name", "France"}, {"emergency", "112"},
                             {"resources", file["countries"]["GB"]["resources"]}};
  file["countries"]["FR"]["resources"].erase(0);
  file["countries"]["FR"]["resources"][0]["id"] = "fr-dv";
  expect_error(file, {"country FR", "suicide_crisis"});
}

TEST(ResourceFile, CountryKeysMustBeUpperCaseAlpha2) {
  for (const char* key : {"gb", "GBR", "G1"}) {
    auto file = minimal_file();
    file["countries"][key] = file["countries"]["GB"];
    file["countries"].erase("GB");
    expect_error(file, {std::string("country ") + key, "alpha-2"});
  }
}

TEST(ResourceFile, RepeatedCountryKeyIsRefused) {
  std::string text = minimal_file().dump();
  const std::string gb = R"("GB":)";
  const std::size_t at = text.find(gb);
  const std::size_t end = text.find(R"(},"format")");  // keys are dumped sorted
  ASSERT_NE(at, std::string::npos);
  ASSERT_NE(end, std::string::npos);
  text.insert(end, "," + text.substr(at, end - at));
  EXPECT_EQ(load_error(text), "test.json: duplicate key 'GB'");
}

TEST(ResourceFile, SchemaRulesEachNameTheirProblem) {
  auto file = minimal_file();
  file["format"] = 2;
  expect_error(file, {"'format' must be 1"});

  file = minimal_file();
  file["international"] = nlohmann::json::array();
  expect_error(file, {"international", "non-empty"});

  file = minimal_file();
  file["international"][0]["scopes"] = {"child_abuse"};
  expect_error(file, {"international", "suicide_crisis"});

  file = minimal_file();
  file["countries"]["GB"].erase("emergency");
  expect_error(file, {"country GB", "missing 'emergency'"});

  file = minimal_file();
  file["countries"]["GB"]["resources"][0]["phnoe"] = "116 123";
  expect_error(file, {"gb-line", "unknown field 'phnoe'"});

  file = minimal_file();
  file["countries"]["GB"]["resources"][0]["phone"] = "O800 111";
  expect_error(file, {"gb-line", "'phone'"});

  file = minimal_file();
  file["countries"]["GB"]["resources"][0].erase("phone");
  expect_error(file, {"gb-line", "'phone', 'sms', 'chat'"});

  file = minimal_file();
  file["countries"]["GB"]["resources"][0]["name"] = "";
  expect_error(file, {"gb-line", "'name' is empty"});

  file = minimal_file();
  file["countries"]["GB"]["resources"][0]["languages"] = {"English"};
  expect_error(file, {"gb-line", "language 'English'"});

  file = minimal_file();
  file["countries"]["GB"]["resources"][0]["url"] = "example.org";
  expect_error(file, {"gb-line", "'url'"});

  file = minimal_file();
  file["countries"]["GB"]["resources"][0]["scopes"] = nlohmann::json::array();
  expect_error(file, {"gb-line", "'scopes'"});

  file = minimal_file();
  file["countries"]["GB"]["resources"][1].erase("id");
  expect_error(file, {"country GB resources[1]", "missing 'id'"});

  file = minimal_file();
  file["reviewed"] = "last week";
  expect_error(file, {"'reviewed'"});
}

TEST(ResourceFile, MissingFileNamesThePath) {
  try {
    ResourceDirectory::load_file("/nonexistent/resources.json");
    FAIL() << "loaded a missing file";
  } catch (const std::runtime_error& error) {
    EXPECT_NE(std::string(error.what()).find("/nonexistent/resources.json"), std::string::npos);
  }
}

}  // namespace
}  // namespace lifeguard::serve

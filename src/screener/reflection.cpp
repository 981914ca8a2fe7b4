// Reflections and risk features of the screener (see reflection.hpp).
#include "screener/reflection.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <vector>

namespace lifeguard::screener {
namespace {

bool has(const FeatureVector& features, Category category) {
  return features.evidence[static_cast<std::size_t>(category)].token_count > 0;
}

bool has_composite(const FeatureVector& features, Composite composite) {
  return std::find(features.signals.begin(), features.signals.end(),
                   Signal{SignalKind::composite, static_cast<std::uint8_t>(composite), 0}) != features.signals.end();
}

void add_feature(Risk& risk, const char* name) {
  if (std::find(risk.features.begin(), risk.features.end(), name) == risk.features.end()) risk.features.emplace_back(name);
}

// The words behind a category, quoted: "end it all".
std::string quote(const FeatureVector& features, Category category) {
  const LexiconMatch& match = features.evidence[static_cast<std::size_t>(category)];
  if (match.token_count == 0) return {};
  // Quote the words as written: from the first token's first byte to the last
  // token's last byte when they are contiguous in one line, else word by word.
  const Token& first = features.tokens[match.first_token];
  const Token& last = features.tokens[match.first_token + match.token_count - 1];
  std::string phrase;
  if (last.surface.data() >= first.surface.data() &&
      last.surface.data() + last.surface.size() - first.surface.data() <= 80 && first.turn == last.turn) {
    phrase.assign(first.surface.data(), static_cast<std::size_t>(last.surface.data() + last.surface.size() - first.surface.data()));
  } else {
    for (std::uint32_t k = 0; k < match.token_count; ++k) {
      if (k > 0) phrase += ' ';
      phrase += features.tokens[match.first_token + k].surface;
    }
  }
  if (phrase.size() > 40) phrase = phrase.substr(0, 37) + "...";
  return "\"" + phrase + "\"";
}

std::string describe(const FeatureVector& features, Category category) {
  std::string text(category_info(category).description);
  std::string words = quote(features, category);
  if (!words.empty()) text += " (" + words + ")";
  return text;
}

// Human words for a signal, or empty when it is not worth naming.
std::string describe(const FeatureVector& features, const Signal& signal) {
  switch (signal.kind) {
    case SignalKind::present:
      return describe(features, static_cast<Category>(signal.a));
    case SignalKind::negated:
      return "negated " + std::string(category_info(static_cast<Category>(signal.a)).description);
    case SignalKind::crossed:
      return describe(features, static_cast<Category>(signal.a)) + " together with " +
             describe(features, static_cast<Category>(signal.b));
    case SignalKind::composite:
      switch (static_cast<Composite>(signal.a)) {
        case Composite::method_seeking:
          return "distress " + quote(features, Category::distress) + " combined with a question about a means " +
                 quote(features, Category::means) + " (method-seeking pattern)";
        case Composite::distress_and_means:
          return "distress next to a means of harm " + quote(features, Category::means);
        case Composite::means_question:
          return "a factual question about a means " + quote(features, Category::means) + " without distress";
        case Composite::several_risks:
          return "several kinds of risk language";
        case Composite::first_person_risk:
          return "risk language in the first person";
        case Composite::late_disclosure:
          return "risk language that appears only later in the conversation";
        case Composite::clarified_later:
          return "a later turn saying the words were not meant literally " + quote(features, Category::clarification);
      }
      return {};
    case SignalKind::message_shape:
      return {};
  }
  return {};
}

std::string join(const std::vector<std::string>& parts) {
  std::string out;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) out += i + 1 == parts.size() ? " and " : ", ";
    out += parts[i];
  }
  return out;
}

bool is_mitigating(const Signal& signal) {
  if (signal.kind == SignalKind::negated) return true;
  if (signal.kind == SignalKind::composite) {
    return signal.a == static_cast<std::uint8_t>(Composite::means_question) ||
           signal.a == static_cast<std::uint8_t>(Composite::clarified_later);
  }
  if (signal.kind != SignalKind::present) return false;
  switch (static_cast<Category>(signal.a)) {
    case Category::humour: case Category::hyperbole_target: case Category::gaming: case Category::past_recovery:
    case Category::fiction: case Category::news_education: case Category::clinical: case Category::protective:
    case Category::clarification:
      return true;
    default:
      return false;
  }
}

// Lexicon categories a signal speaks of (composites: none of their own).
std::vector<std::uint8_t> categories_of(const Signal& signal) {
  switch (signal.kind) {
    case SignalKind::present:
    case SignalKind::negated:
      return {signal.a};
    case SignalKind::crossed:
      return {signal.a, signal.b};
    default:
      return {};
  }
}

// The `count` signals that pushed the crisis score furthest in one direction,
// each naming at least one category not already named.
std::vector<std::string> strongest_signals(const FeatureVector& features, const std::vector<float>& crisis_weights,
                                           bool towards_crisis, std::size_t count) {
  struct Ranked {
    float weight;
    const Signal* signal;
  };
  std::vector<Ranked> ranked;
  for (std::size_t i = 0; i < features.signals.size(); ++i) {
    const Signal& signal = features.signals[i];
    float weight = crisis_weights[i];
    if (towards_crisis ? weight <= 0.05f : weight >= -0.05f) continue;
    // Only framing that really argues against a crisis (humour, past tense,
    // fiction, negation...) is named as a mitigator; a negative weight on, say,
    // plain distress only means its crossings carry the weight.
    if (!towards_crisis && !is_mitigating(signal)) continue;
    ranked.push_back({std::fabs(weight), &signal});
  }
  std::stable_sort(ranked.begin(), ranked.end(), [](const Ranked& a, const Ranked& b) { return a.weight > b.weight; });
  std::vector<std::string> out;
  std::vector<std::uint8_t> named;
  for (const auto& entry : ranked) {
    if (out.size() == count) break;
    auto categories = categories_of(*entry.signal);
    bool adds_something = categories.empty() || std::any_of(categories.begin(), categories.end(), [&](std::uint8_t c) {
      return std::find(named.begin(), named.end(), c) == named.end();
    });
    std::string words = describe(features, *entry.signal);
    if (!adds_something || words.empty() || std::find(out.begin(), out.end(), words) != out.end()) continue;
    named.insert(named.end(), categories.begin(), categories.end());
    out.push_back(std::move(words));
  }
  return out;
}

std::string describe_risk(const Risk& risk) {
  std::string text = std::string(to_string(risk.subject)) + "/" + std::string(to_string(risk.type));
  if (risk.severity) text += " (" + std::string(to_string(*risk.severity));
  if (risk.imminence) text += ", " + std::string(to_string(*risk.imminence));
  if (risk.severity) text += ")";
  return text;
}

std::string percent(float probability) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%.0f%%", static_cast<double>(probability) * 100.0);
  return buffer;
}

}  // namespace

void annotate_features(const FeatureVector& features, Assessment& assessment) {
  for (auto& risk : assessment.risks) {
    switch (risk.type) {
      case RiskType::suicide:
        if (has(features, Category::suicide_explicit)) add_feature(risk, "active_ideation");
        if (has(features, Category::suicide_passive)) add_feature(risk, "passive_ideation");
        if (has(features, Category::burden)) add_feature(risk, "perceived_burdensomeness");
        if (has(features, Category::preparatory_act)) add_feature(risk, "preparatory_acts");
        if (has_composite(features, Composite::method_seeking)) add_feature(risk, "method_seeking");
        break;
      case RiskType::self_harm:
        if (has(features, Category::self_harm) || has(features, Category::self_harm_algospeak)) add_feature(risk, "self_injury");
        break;
      case RiskType::self_neglect:
        if (has(features, Category::eating_disorder)) add_feature(risk, "disordered_eating");
        if (has(features, Category::self_neglect)) add_feature(risk, "basic_needs_neglected");
        break;
      case RiskType::violence:
        if (has(features, Category::weapon)) add_feature(risk, "weapon_mentioned");
        if (has(features, Category::violence_intent)) add_feature(risk, "threat_stated");
        break;
      case RiskType::abuse:
        if (has(features, Category::strangulation)) add_feature(risk, "strangulation");
        if (has(features, Category::abuse)) add_feature(risk, "abuse_disclosed");
        break;
      case RiskType::exploitation:
        if (has(features, Category::grooming)) add_feature(risk, "grooming");
        break;
      default:
        break;
    }
    if (has(features, Category::suicide_algospeak) || has(features, Category::self_harm_algospeak)) add_feature(risk, "algospeak");
    if (has(features, Category::time_soon)) add_feature(risk, "timeline");
    if (has(features, Category::minor)) add_feature(risk, "minor_involved");
    if (has(features, Category::substance)) add_feature(risk, "substance_use");
    if (has(features, Category::protective)) add_feature(risk, "protective_factors");
    if (risk.subject == Subject::other) add_feature(risk, "third_party_disclosure");
  }
}

std::string describe_safety_floor(const FeatureVector& features, SafetyFloor floor) {
  if (floor == SafetyFloor::explicit_intent) {
    return "Reported whatever the score: explicit suicidal intent " + quote(features, Category::explicit_intent) +
           " with no humour, fiction, news, gaming or recovery framing.";
  }
  return "Reported whatever the score: distress " + quote(features, Category::distress) + " with a question about a means " +
         quote(features, Category::means) + " (method-seeking pattern) and no other framing.";
}

std::string write_reflection(const ScreenerModel& model, const FeatureVector& features,
                             const std::vector<float>& signal_crisis_weights, const Assessment& assessment,
                             float crisis_probability) {
  if (assessment.is_crisis()) {
    std::vector<std::string> risks;
    for (const auto& risk : assessment.risks) risks.push_back(describe_risk(risk));
    std::string text = "Screener flagged " + join(risks) + " with crisis score " + percent(crisis_probability) + ".";
    auto drivers = strongest_signals(features, signal_crisis_weights, /*towards_crisis=*/true, 3);
    if (drivers.empty()) {
      text += " No single phrase decided it: the wording as a whole resembles crisis messages.";
    } else {
      text += " Signals: " + join(drivers) + ".";
    }
    auto mitigators = strongest_signals(features, signal_crisis_weights, /*towards_crisis=*/false, 1);
    if (!mitigators.empty()) text += " Weighed against it, but not enough: " + mitigators[0] + ".";
    return text;
  }
  std::string text = "No risk reported (crisis score " + percent(crisis_probability) + ", below the " +
                     percent(model.thresholds().crisis) + " threshold).";
  auto drivers = strongest_signals(features, signal_crisis_weights, /*towards_crisis=*/true, 1);
  auto mitigators = strongest_signals(features, signal_crisis_weights, /*towards_crisis=*/false, 2);
  if (!drivers.empty() && !mitigators.empty()) {
    text += " Crisis-like language (" + drivers[0] + ") is outweighed by " + join(mitigators) + ".";
  } else if (!mitigators.empty()) {
    text += " Context read as benign: " + join(mitigators) + ".";
  }
  return text;
}

}  // namespace lifeguard::screener

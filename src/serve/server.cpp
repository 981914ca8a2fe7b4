// The HTTP server (see server.hpp).
#include "serve/server.hpp"

#include <httplib.h>
#include <sys/socket.h>

#include <chrono>
#include <cmath>
#include <fstream>
#include <future>
#include <iostream>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "core/assessment_json.hpp"
#include "pipeline/backend.hpp"
#include "pipeline/input.hpp"
#include "pipeline/judgements.hpp"
#include "pipeline/local_model.hpp"
#include "pipeline/model_backend.hpp"
#include "pipeline/remote_backend.hpp"
#include "screener/screener.hpp"
#include "serve/api_error.hpp"
#include "serve/api_keys.hpp"
#include "serve/api_request.hpp"
#include "serve/chat_completions.hpp"
#include "serve/metrics.hpp"
#include "serve/rate_limiter.hpp"
#include "serve/resources.hpp"
#include "text/conversation.hpp"

namespace lifeguard::serve {

using nlohmann::json;
using Clock = std::chrono::steady_clock;

namespace {

std::chrono::milliseconds to_duration(double seconds) {
  return std::chrono::milliseconds(static_cast<long long>(seconds * 1000.0));
}

// Response bodies: invalid UTF-8 (none is expected) is replaced, never thrown on.
std::string to_body(const json& value) { return value.dump(-1, ' ', false, json::error_handler_t::replace); }

// Inside a catch block: the exception a model or remote call threw, as the
// API error it means. `source` names who failed ("model backend").
[[noreturn]] void rethrow_as_api_error(const std::string& source) {
  try {
    throw;
  } catch (const ApiError&) {
    throw;
  } catch (const BackendTimeout& error) {
    throw ApiError(ErrorCode::timeout, error.what());
  } catch (const BackendBusy& error) {
    throw ApiError(ErrorCode::overloaded, std::string(error.what()) + "; retry later");
  } catch (const std::invalid_argument& error) {  // e.g. a prompt longer than the model accepts
    throw ApiError(ErrorCode::invalid_request, "the model cannot take this input: " + std::string(error.what()));
  } catch (const std::exception& error) {
    throw ApiError(ErrorCode::backend_unavailable, source + " failed: " + error.what());
  }
}

double seconds_since(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

// The endpoints metrics are labelled with; anything else is "other", so a
// scanner cannot grow the label set.
std::string endpoint_label(const std::string& path) {
  for (const char* known : {"/v1/screen", "/v1/evaluate", "/v1/chat/completions", "/v1/models", "/healthz", "/readyz",
                            "/metrics"}) {
    if (path == known) return known;
  }
  return "other";
}

// Prompt variants for multi-judge mode: the same conversation seen whole, as
// its user turns only, and as its last user turn (a judge that misses context
// and one that has only the speaker's words). Judges beyond three repeat them.
std::vector<PreparedInput> judge_variants(const PreparedInput& input, std::size_t judges) {
  std::vector<PreparedInput> variants{input};
  Conversation users;
  for (const Turn& turn : input.conversation) {
    if (turn.role == Role::user) users.push_back(turn);
  }
  if (!users.empty() && users.size() != input.conversation.size()) {
    variants.push_back({users, serialise_conversation(users)});
  }
  if (users.size() > 1) {
    Conversation last{users.back()};
    variants.push_back({last, serialise_conversation(last)});
  }
  std::vector<PreparedInput> out;
  for (std::size_t i = 0; i < judges; ++i) out.push_back(variants[i % variants.size()]);
  return out;
}

}  // namespace

struct Server::State {
  ServeOptions options;
  screener::Screener screener = screener::Screener::embedded();
  std::unique_ptr<Backend> screener_backend;
  std::shared_ptr<LocalModel> local;  // --model: shared by the model backend and chat completions
  std::unique_ptr<remote::ChatClient> remote_chat;  // --remote: chat completions passed on
  std::unique_ptr<Backend> stage2;  // model or remote; null: screener only
  std::atomic<std::uint64_t> completion_counter{0};
  ResourceDirectory resources;
  std::optional<ApiKeys> keys;
  RateLimiter limiter;
  Metrics metrics;
  httplib::Server http;
  std::atomic<int> listen_socket{-1};
  std::atomic<bool> ready{false};
  std::atomic<bool> stopping{false};

  explicit State(ServeOptions o)
      : options(std::move(o)),
        resources(options.resources_file.empty() ? ResourceDirectory::bundled()
                                                 : ResourceDirectory::load_file(options.resources_file)),
        limiter(options.rate_per_minute, options.rate_burst) {
    screener_backend = make_screener_backend(screener.model());
    if (!options.model_dir.empty() && !options.remote_url.empty()) {
      throw std::runtime_error("choose --model or --remote, not both");
    }
    if (!options.model_dir.empty()) {
      engine::SchedulerOptions scheduler;
      scheduler.max_batch = options.max_batch;
      scheduler.max_prompt_tokens = options.max_prompt_tokens;
      local = std::make_shared<LocalModel>(LocalModelOptions{options.model_dir, options.engine, scheduler, options.max_waiting});
      stage2 = make_model_backend(local, options.max_new_tokens, to_duration(options.request_timeout_s));
      metrics.set_extra([model = local] { return model->metrics_text(); });
    }
    if (!options.remote_url.empty()) {
      RemoteBackendOptions remote;
      remote.url = options.remote_url;
      remote.model = options.remote_model;
      remote.client = options.remote_client;
      if (!options.remote_api_key_file.empty()) {
        std::ifstream in(options.remote_api_key_file);
        if (!in || !std::getline(in, remote.client.api_key) || remote.client.api_key.empty()) {
          throw std::runtime_error(options.remote_api_key_file.string() + ": cannot read the remote API key");
        }
      }
      stage2 = make_remote_backend(remote);
      remote_chat = std::make_unique<remote::ChatClient>(remote::parse_endpoint(remote.url), remote.client);
    }
    if (!options.api_key_file.empty()) keys = ApiKeys::load_file(options.api_key_file);
  }

  const Backend& screen_backend() const { return stage2 ? *stage2 : *screener_backend; }

  // Authentication and rate limit, before routing.
  void admit(const httplib::Request& request) {
    std::string identity = request.remote_addr;
    if (keys) {
      std::string presented;
      const std::string authorization = request.get_header_value("Authorization");
      if (authorization.rfind("Bearer ", 0) == 0) presented = authorization.substr(7);
      if (presented.empty()) presented = request.get_header_value("X-API-Key");
      if (presented.empty()) throw ApiError(ErrorCode::unauthorized, "an API key is required (Authorization: Bearer KEY)");
      auto index = keys->find(presented);
      if (!index) throw ApiError(ErrorCode::unauthorized, "unknown API key");
      identity = "key:" + std::to_string(*index);
    }
    if (!limiter.allow(identity)) throw ApiError(ErrorCode::rate_limited, "rate limit exceeded; retry later");
  }

  BackendResult run_backend(const Backend& backend, const PreparedInput& input) const {
    try {
      return backend.assess(input);
    } catch (...) {
      rethrow_as_api_error(backend.name() + " backend");
    }
  }

  json resource_fields(const Assessment& assessment, const ScreenRequest& request) const {
    const ResourceMatch match = resources.match(assessment, request.country);
    json out;
    out["resources"] = to_json(match);
    out["resources_country"] = match.country;
    out["country_known"] = match.country_known;
    if (!match.emergency.empty()) out["emergency_number"] = match.emergency;
    out["resource_scopes"] = match.scopes;
    return out;
  }

  json assessment_fields(const BackendResult& result) const {
    json out = to_json(result.assessment);
    out["rationale"] = result.assessment.reflection;
    out["backend"] = result.backend;
    out["model"] = result.model;
    // How many oddities the parser met in the model's text; the problems
    // themselves can quote the output (and through it the user), so they stay out.
    if (!result.problems.empty()) out["output_problems"] = result.problems.size();
    return out;
  }

  json screen(const httplib::Request& http_request) {
    const auto start = Clock::now();
    const ScreenRequest request = parse_screen_request(parse_json_body(http_request.body), options.max_text_bytes);
    const BackendResult result = run_backend(screen_backend(), request.input);
    json out = assessment_fields(result);
    out.update(resource_fields(result.assessment, request));
    out["latency_ms"] = seconds_since(start) * 1e3;
    return out;
  }

  json evaluate(const httplib::Request& http_request) {
    const auto start = Clock::now();
    const json body = parse_json_body(http_request.body);
    const ScreenRequest request = parse_screen_request(body, options.max_text_bytes);
    const std::size_t judges = parse_judges(body, options.max_judges);
    // Stage 1: the screener. Clearly benign content (below the stage-1
    // threshold, no safety floor) is answered here.
    const screener::ScreenerResult first = screener.screen_turns(request.input.conversation);
    const bool benign = !first.floor_signal && first.crisis_probability < options.stage1_threshold;
    auto rounded = [](float value) { return std::round(static_cast<double>(value) * 1e6) / 1e6; };
    json stage1 = {{"crisis_probability", rounded(first.crisis_probability)},
                   {"threshold", rounded(options.stage1_threshold)},
                   {"safety_floor", first.floor_signal},
                   {"floor_kept", false},
                   {"signals", first.assessment.reflection}};
    json out;
    if (benign || !stage2) {
      BackendResult result{first.assessment, {}, "screener", "lifeguard-screener", {}, std::nullopt};
      out = assessment_fields(result);
      out["stage"] = 1;
      out["decided_by"] = "screener";
      out["degraded"] = !benign && !stage2;  // needed stage 2, has none
      metrics.record_stage(true);
      out.update(resource_fields(result.assessment, request));
    } else {
      // Stage 2: the model (or remote server), one call per judge, in parallel.
      std::vector<std::future<BackendResult>> calls;
      for (const PreparedInput& variant : judge_variants(request.input, judges)) {
        calls.push_back(std::async(std::launch::async, [this, variant] { return run_backend(*stage2, variant); }));
      }
      std::vector<BackendResult> results;
      for (auto& call : calls) results.push_back(call.get());
      BackendResult combined = results.front();
      if (judges > 1) {
        std::vector<Assessment> assessments;
        for (const auto& r : results) assessments.push_back(r.assessment);
        const CombinedJudgement c = combine_judgements(assessments, options.min_vote_share);
        combined.assessment = c.assessment;
        combined.judgements = assessments;
        combined.agreement = c.agreement;
      }
      // Stage-1 signals inform stage 2: explicit first-person intent that
      // the safety floor caught is kept even if the model saw no risk.
      bool floor_kept = false;
      if (first.floor_signal && first.assessment.is_crisis() && combined.assessment.risks.empty()) {
        combined.assessment.risks = first.assessment.risks;
        combined.assessment.reflection += (combined.assessment.reflection.empty() ? "" : " ") +
                                          std::string("Stage 1 kept: ") + first.assessment.reflection;
        floor_kept = true;
      }
      out = assessment_fields(combined);
      out["stage"] = 2;
      out["decided_by"] = combined.backend;
      out["degraded"] = false;
      stage1["floor_kept"] = floor_kept;
      if (judges > 1) {
        json each = json::array();
        for (const auto& a : combined.judgements) each.push_back(to_json(a));
        out["judgements"] = each;
        out["agreement"] = *combined.agreement;
      }
      metrics.record_stage(false);
      out.update(resource_fields(combined.assessment, request));
    }
    out["judges"] = judges;
    out["stage1"] = stage1;
    out["latency_ms"] = seconds_since(start) * 1e3;
    return out;
  }

  std::string completion_id() { return "chatcmpl-lifeguard-" + std::to_string(++completion_counter); }

  static long long unix_now() {
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
  }

  // POST /v1/chat/completions over the local model (or passed to the remote
  // server). Streaming answers are Server-Sent Events, one per decoded piece.
  void chat(const httplib::Request& request, httplib::Response& response) {
    const ChatCall call = parse_chat_call(parse_json_body(request.body), options.max_new_tokens);
    if (call.message.size() > options.max_text_bytes) {
      throw ApiError(ErrorCode::invalid_request, "the message is larger than --max-text-bytes");
    }
    const std::string id = completion_id();
    const long long created = unix_now();
    if (remote_chat) {
      remote::ChatRequest forwarded;
      forwarded.model = options.remote_model;
      forwarded.messages = {{"user", call.message}};
      forwarded.max_tokens = call.max_tokens;
      std::string text;
      try {
        text = remote_chat->complete(forwarded);
      } catch (...) {
        rethrow_as_api_error("remote server");
      }
      if (!call.stream) {
        response.set_content(to_body(chat_response(id, created, options.remote_model, text, "stop", 0, 0)), "application/json");
        return;
      }
      response.set_content(chat_chunk(id, created, options.remote_model, {{"role", "assistant"}}, std::nullopt) +
                               chat_chunk(id, created, options.remote_model, {{"content", text}}, std::nullopt) +
                               chat_chunk(id, created, options.remote_model, json::object(), "stop") + kStreamEnd,
                           "text/event-stream");
      return;
    }
    if (!local) throw ApiError(ErrorCode::model_not_loaded, "no model is loaded (start with --model DIR or --remote URL)");
    engine::GreedyOptions generation;
    generation.max_new_tokens = call.max_tokens;
    generation.stop_ids = local->end_of_turn();
    generation.stop_strings = call.stop;
    const std::string model_name = local->name();
    if (!call.stream) {
      std::size_t prompt_tokens = 0;
      engine::GreedyResult result;
      try {
        auto future = local->submit(call.message, generation, {}, &prompt_tokens);
        if (future.wait_for(to_duration(options.request_timeout_s)) != std::future_status::ready) {
          throw BackendTimeout("the model did not finish within --request-timeout");
        }
        result = future.get();
      } catch (...) {
        rethrow_as_api_error("model");
      }
      response.set_content(to_body(chat_response(id, created, model_name, result.text, finish_reason(result.stop_reason),
                                                 prompt_tokens, result.new_ids.size())),
                           "application/json");
      return;
    }
    // Streaming: the scheduler's callback queues pieces; the response's
    // content provider writes them out as events until the future is ready.
    struct Stream {
      std::mutex mutex;
      std::condition_variable changed;
      std::string pending;
      std::shared_future<engine::GreedyResult> result;  // read by the check below and by the provider
      bool sent_role = false;
    };
    auto stream = std::make_shared<Stream>();
    try {
      stream->result = local->submit(
          call.message, generation,
          [stream](TokenId, std::string_view piece) {
            std::lock_guard lock(stream->mutex);
            stream->pending += piece;
            stream->changed.notify_all();
          },
          nullptr);
      // A prompt the model cannot take fails at once: answer 400 before the stream starts.
      if (stream->result.wait_for(std::chrono::seconds(0)) == std::future_status::ready) stream->result.get();
    } catch (...) {
      rethrow_as_api_error("model");
    }
    response.set_header("Cache-Control", "no-cache");
    response.set_chunked_content_provider(
        "text/event-stream", [stream, id, created, model_name](std::size_t, httplib::DataSink& sink) {
          auto write = [&sink](const std::string& event) { return sink.write(event.data(), event.size()); };
          if (!stream->sent_role) {
            stream->sent_role = true;
            return write(chat_chunk(id, created, model_name, {{"role", "assistant"}}, std::nullopt));
          }
          std::string piece;
          bool done = false;
          {
            std::unique_lock lock(stream->mutex);
            stream->changed.wait_for(lock, std::chrono::milliseconds(50), [&] { return !stream->pending.empty(); });
            piece.swap(stream->pending);
            // Pieces queued before the result is ready are all in `pending` once it is.
            done = stream->result.wait_for(std::chrono::seconds(0)) == std::future_status::ready;
            if (done) {
              piece += stream->pending;
              stream->pending.clear();
            }
          }
          if (!piece.empty() && !write(chat_chunk(id, created, model_name, {{"content", piece}}, std::nullopt))) return false;
          if (!done) return true;
          std::string finish = "stop";
          try {
            finish = finish_reason(stream->result.get().stop_reason);
          } catch (const std::exception&) {
            finish = "error";  // the stream has started: the reason is all that can still be said
          }
          write(chat_chunk(id, created, model_name, json::object(), finish));
          write(kStreamEnd);
          sink.done();
          return true;
        });
  }

  json list_models(const httplib::Request&) {
    json data = json::array();
    data.push_back({{"id", "lifeguard-screener"}, {"object", "model"}, {"owned_by", "lifeguard"}});
    if (local) data.push_back({{"id", local->name()}, {"object", "model"}, {"owned_by", "lifeguard"}});
    if (remote_chat) data.push_back({{"id", options.remote_model}, {"object", "model"}, {"owned_by", "remote"}});
    return {{"object", "list"}, {"data", data}};
  }

  void routes() {
    // Every API route: admission, the handler, metrics whatever the outcome.
    auto api_route = [this](auto handler) {
      return [this, handler](const httplib::Request& request, httplib::Response& response) {
        const auto start = Clock::now();
        try {
          if (stopping) throw ApiError(ErrorCode::shutting_down, "the server is shutting down");
          admit(request);
          handler(request, response);
          metrics.record_request(endpoint_label(request.path), 200, seconds_since(start));
        } catch (const ApiError& error) {
          metrics.record_request(endpoint_label(request.path), http_status(error.code()), seconds_since(start));
          throw;
        } catch (...) {
          metrics.record_request(endpoint_label(request.path), 500, seconds_since(start));
          throw;
        }
      };
    };
    auto json_route = [this, api_route](json (State::*handler)(const httplib::Request&)) {
      return api_route([this, handler](const httplib::Request& request, httplib::Response& response) {
        response.set_content(to_body((this->*handler)(request)), "application/json");
      });
    };
    http.Post("/v1/screen", json_route(&State::screen));
    http.Post("/v1/evaluate", json_route(&State::evaluate));
    http.Get("/v1/models", json_route(&State::list_models));
    http.Post("/v1/chat/completions",
              api_route([this](const httplib::Request& request, httplib::Response& response) { chat(request, response); }));
    http.Get("/healthz", [](const httplib::Request&, httplib::Response& response) {
      response.set_content(R"({"status":"ok"})", "application/json");
    });
    http.Get("/readyz", [this](const httplib::Request&, httplib::Response& response) {
      const bool is_ready = ready && !stopping;
      response.status = is_ready ? 200 : 503;
      response.set_content(is_ready ? R"({"status":"ready"})" : R"({"status":"not_ready"})", "application/json");
    });
    http.Get("/metrics", [this](const httplib::Request&, httplib::Response& response) {
      response.set_content(metrics.exposition(), "text/plain; version=0.0.4");
    });
    http.set_exception_handler([](const httplib::Request&, httplib::Response& response, std::exception_ptr thrown) {
      ErrorCode code = ErrorCode::internal;
      std::string message = "internal error";
      try {
        std::rethrow_exception(thrown);
      } catch (const ApiError& error) {
        code = error.code();
        message = error.what();
      } catch (...) {
        // Never echo an unexpected exception: it might carry request text.
      }
      response.status = http_status(code);
      response.set_content(to_body(error_body(code, message)), "application/json");
    });
    // Errors httplib raises itself (unknown path, oversized body) get the same JSON shape.
    http.set_error_handler([this](const httplib::Request& request, httplib::Response& response) {
      if (!response.body.empty()) return;  // already a JSON error from a handler
      metrics.record_request(endpoint_label(request.path), response.status, 0.0);
      ErrorCode code = response.status == 413 ? ErrorCode::body_too_large
                       : response.status == 404 ? ErrorCode::not_found
                       : response.status == 405 ? ErrorCode::method_not_allowed
                       : response.status >= 500 ? ErrorCode::internal
                                                : ErrorCode::invalid_request;
      // The path is not repeated: it is the client's text, and need not be UTF-8.
      std::string message = code == ErrorCode::not_found ? "no such endpoint"
                            : code == ErrorCode::body_too_large ? "the request body is larger than the server accepts"
                                                                 : "request refused";
      response.set_content(to_body(error_body(code, message)), "application/json");
    });
    // cpp-httplib checks the body limit against Content-Length only: a chunked
    // body would be read whole before any handler (or key check) runs.
    http.set_pre_routing_handler([this](const httplib::Request& request, httplib::Response& response) {
      const bool has_body_method = request.method == "POST" || request.method == "PUT" || request.method == "PATCH";
      if (!has_body_method || (request.has_header("Content-Length") && !request.has_header("Transfer-Encoding"))) {
        return httplib::Server::HandlerResponse::Unhandled;
      }
      metrics.record_request(endpoint_label(request.path), 411, 0.0);
      response.status = 411;
      response.set_content(
          to_body(error_body(ErrorCode::length_required, "send the body with a Content-Length (chunked bodies are not accepted)")),
          "application/json");
      return httplib::Server::HandlerResponse::Handled;
    });
    if (options.log_content) {
      // Only when the operator opted in: the body holds the message text.
      http.set_logger([](const httplib::Request& request, const httplib::Response& response) {
        static std::mutex log_mutex;
        std::lock_guard lock(log_mutex);
        std::clog << request.method << ' ' << request.path << ' ' << response.status << " body=" << request.body << '\n';
      });
    }
  }
};

Server::Server(ServeOptions options) : state_(std::make_unique<State>(std::move(options))) {
  State& s = *state_;
  const std::size_t threads =
      s.options.http_threads ? s.options.http_threads : std::max<std::size_t>(96, 16 * std::thread::hardware_concurrency());
  s.http.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  s.http.set_payload_max_length(s.options.max_body_bytes);
  // httplib closes a keep-alive connection after 5 requests by default;
  // 100 spares busy clients most reconnects and still rotates the threads
  // that connections hold, so idle-but-open clients cannot starve others.
  s.http.set_keep_alive_max_count(100);
  // Headers and body go out in separate writes: without TCP_NODELAY, Nagle's
  // algorithm meeting the client's delayed ACK stalls each response ~40 ms.
  s.http.set_tcp_nodelay(true);
  // Remember the listening socket (httplib creates it in bind()) so bind()
  // can widen its backlog: the library listens with a backlog of 5, and a
  // burst of new connections (a load balancer, a client pool) then has SYNs
  // dropped and retried a second later.
  s.http.set_socket_options([&s](socket_t sock) {
    httplib::default_socket_options(sock);
    s.listen_socket = sock;
  });
  s.http.set_read_timeout(s.options.io_timeout_s, 0);
  s.http.set_write_timeout(s.options.io_timeout_s, 0);
  s.routes();
}

Server::~Server() { stop(); }

int Server::bind() {
  State& s = *state_;
  int port = s.options.port;
  if (port == 0) {
    port = s.http.bind_to_any_port(s.options.host);
  } else if (!s.http.bind_to_port(s.options.host, port)) {
    port = -1;
  }
  if (port < 0) throw std::runtime_error("cannot listen on " + s.options.host + ":" + std::to_string(s.options.port));
  if (s.listen_socket >= 0) ::listen(s.listen_socket, SOMAXCONN);  // listen() again only changes the backlog
  return port;
}

bool Server::run() {
  state_->ready = true;
  const bool listened = state_->http.listen_after_bind();
  state_->ready = false;
  return listened || state_->stopping;
}

void Server::stop() {
  state_->stopping = true;
  state_->http.stop();
}

bool Server::ready() const { return state_->ready && !state_->stopping; }

}  // namespace lifeguard::serve

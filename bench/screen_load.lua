-- wrk script for bench/server_load.sh: POST /v1/screen with a rotation of
-- ordinary and worrying messages (original text), then the figures.
local bodies = {
  '{"text": "hey can u send me the notes from tuesday, i missed the lecture", "country": "GB"}',
  '{"text": "honestly i dont see the point anymore, everyone would be better off without me", "country": "US"}',
  '{"text": "what temperature should i roast a chicken at?"}',
  '{"messages": [{"role": "user", "content": "my bf checks my phone every night"}, {"role": "assistant", "content": "that sounds stressful, how do you feel about it?"}, {"role": "user", "content": "scared tbh, he said hed hurt me if i talk to my friends"}], "country": "AU"}',
  '{"text": "this boss fight is killing me lol 💀 third time today", "country": "DE"}',
  '{"text": "i have been saving my pills for a while and tonight feels like the night", "country": "CA"}',
  '{"text": "can you recommend a good book about the history of maps?"}',
  '{"text": "my little brother has bruises again and he says dad did it", "country": "IE"}',
}
local i = 0

request = function()
  i = i % #bodies + 1
  return wrk.format("POST", nil, {["Content-Type"] = "application/json"}, bodies[i])
end

done = function(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.status +
                 summary.errors.timeout
  io.write(string.format("figures: %.0f requests/s over %.1f s, latency p50 %.2f ms, p99 %.2f ms, max %.2f ms, errors %d\n",
                         summary.requests / seconds, seconds, latency:percentile(50) / 1000,
                         latency:percentile(99) / 1000, latency.max / 1000, errors))
end

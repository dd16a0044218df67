#include "core/connectors/datagen_source.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <mutex>
#include <random>
#include <string>

#include "core/base/clock.h"
#include "core/connectors/registration.h"
#include "core/runtime/node_config.h"

namespace tributary::connectors {
namespace {

using record::Value;

// SplitMix64: tiny, fast and good enough for test data; seeding it per
// record makes record i independent of the records before it.
struct Rng {
  std::uint64_t s;
  std::uint64_t next() {
    std::uint64_t z = (s += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  std::uint64_t below(std::uint64_t n) { return (next() >> 11) % n; }
  double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
  double range(double lo, double hi) { return lo + (hi - lo) * uniform(); }
  template <typename T, std::size_t N>
  const T& pick(const std::array<T, N>& a) {
    return a[below(N)];
  }
};

Rng rngFor(std::uint64_t seed, DatagenTemplate tmpl, std::uint64_t index) {
  Rng r{seed * 0x2545F4914F6CDD1DULL + static_cast<std::uint64_t>(tmpl) * 0x9E3779B97F4A7C15ULL};
  r.s ^= r.next() + index * 0xD1B54A32D192ED03ULL;
  r.next();
  return r;
}

double cents(double v) {
  return std::round(v * 100.0) / 100.0;
}

constexpr std::array<std::string_view, 24> kFirstNames = {
    "James", "Mary",      "Robert", "Patricia", "John",  "Jennifer", "Michael", "Linda",
    "David", "Elizabeth", "Maria",  "Wei",      "Sofia", "Lukas",    "Amelia",  "Noah",
    "Aisha", "Mateo",     "Yuki",   "Olivia",   "Ravi",  "Emma",     "Lars",    "Chloe"};
constexpr std::array<std::string_view, 24> kLastNames = {
    "Smith",  "Johnson", "Williams", "Brown",  "Jones",    "Garcia", "Miller", "Davis",
    "Muller", "Rossi",   "Tanaka",   "Chen",   "Kowalski", "Silva",  "Novak",  "Dubois",
    "Larsen", "Khan",    "Patel",    "Nguyen", "Schmidt",  "Moreau", "Costa",  "Wilson"};
constexpr std::array<std::string_view, 6> kDomains = {"example.com",  "mail.test", "inbox.example",
                                                      "corp.example", "post.test", "web.example"};
struct City {
  std::string_view city, country;
  double lat, lon;
};
constexpr std::array<City, 16> kCities = {{{"Berlin", "DE", 52.52, 13.40},
                                           {"Paris", "FR", 48.86, 2.35},
                                           {"London", "GB", 51.51, -0.13},
                                           {"New York", "US", 40.71, -74.01},
                                           {"Austin", "US", 30.27, -97.74},
                                           {"Toronto", "CA", 43.65, -79.38},
                                           {"Madrid", "ES", 40.42, -3.70},
                                           {"Milan", "IT", 45.46, 9.19},
                                           {"Tokyo", "JP", 35.68, 139.69},
                                           {"Sydney", "AU", -33.87, 151.21},
                                           {"Sao Paulo", "BR", -23.55, -46.63},
                                           {"Mumbai", "IN", 19.08, 72.88},
                                           {"Warsaw", "PL", 52.23, 21.01},
                                           {"Lyon", "FR", 45.76, 4.84},
                                           {"Seattle", "US", 47.61, -122.33},
                                           {"Oslo", "NO", 59.91, 10.75}}};
struct Product {
  std::string_view name, category;
  double basePrice;
};
constexpr std::array<Product, 20> kProducts = {{{"Wireless Mouse", "electronics", 24.99},
                                                {"Mechanical Keyboard", "electronics", 89.0},
                                                {"USB-C Hub", "electronics", 39.5},
                                                {"Noise Cancelling Headphones", "electronics", 199.0},
                                                {"Espresso Machine", "kitchen", 349.0},
                                                {"Chef Knife", "kitchen", 59.9},
                                                {"Cast Iron Pan", "kitchen", 44.0},
                                                {"Running Shoes", "sports", 119.0},
                                                {"Yoga Mat", "sports", 29.0},
                                                {"Water Bottle", "sports", 15.5},
                                                {"Desk Lamp", "home", 34.99},
                                                {"Throw Blanket", "home", 49.0},
                                                {"Scented Candle", "home", 12.5},
                                                {"Paperback Novel", "books", 14.99},
                                                {"Cookbook", "books", 27.0},
                                                {"Board Game", "toys", 39.0},
                                                {"Puzzle 1000pc", "toys", 19.99},
                                                {"Backpack", "fashion", 64.0},
                                                {"Sunglasses", "fashion", 89.9},
                                                {"Wool Scarf", "fashion", 32.0}}};
constexpr std::array<std::string_view, 5> kOrderStatus = {"placed", "paid", "shipped", "delivered", "cancelled"};
constexpr std::array<std::string_view, 8> kAdjectives = {"Classic", "Smart",   "Eco",  "Compact",
                                                         "Deluxe",  "Premium", "Mini", "Ultra"};
constexpr std::array<std::string_view, 12> kNouns = {"Blender", "Speaker", "Chair",  "Kettle", "Monitor", "Drill",
                                                     "Tent",    "Watch",   "Camera", "Router", "Jacket",  "Lamp"};
constexpr std::array<std::string_view, 9> kCategories = {"cat_1", "cat_2", "cat_3", "cat_4", "cat_5",
                                                         "cat_6", "cat_7", "cat_8", "cat_9"};
constexpr std::array<std::string_view, 10> kPages = {
    "/index.html",       "/site/user_status.html", "/site/login.html", "/site/products.html",
    "/images/track.png", "/images/logo-small.png", "/site/cart.html",  "/site/checkout.html",
    "/search?q=shoes",   "/site/help.html"};
constexpr std::array<std::string_view, 4> kMethods = {"GET", "GET", "GET", "POST"};
constexpr std::array<int, 8> kHttpStatus = {200, 200, 200, 200, 302, 404, 405, 500};
constexpr std::array<std::string_view, 5> kAgents = {
    "Mozilla/5.0 (X11; Linux x86_64; rv:109.0) Gecko/20100101 Firefox/115.0",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148",
    "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)", "curl/7.88.1"};
constexpr std::array<std::string_view, 4> kReferrers = {"-", "https://www.google.com/", "https://news.example/",
                                                        "https://shop.example/"};
constexpr std::array<std::string_view, 4> kDeviceTypes = {"thermostat", "air-quality", "freezer", "greenhouse"};

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

Value timestamp(std::int64_t ms) {
  return Value::timestampMicros(ms * 1000);
}

}  // namespace

bool datagenTemplateFromString(std::string_view name, DatagenTemplate& out) {
  if (name == "users")
    out = DatagenTemplate::Users;
  else if (name == "orders")
    out = DatagenTemplate::Orders;
  else if (name == "products")
    out = DatagenTemplate::Products;
  else if (name == "clickstream")
    out = DatagenTemplate::Clickstream;
  else if (name == "iot")
    out = DatagenTemplate::Iot;
  else
    return false;
  return true;
}

record::Record generateRecord(DatagenTemplate tmpl, std::uint64_t seed, std::uint64_t index, std::int64_t nowMs) {
  Rng rng = rngFor(seed, tmpl, index);
  std::int64_t ts = nowMs >= 0 ? nowMs : kDatagenEpochMs + static_cast<std::int64_t>(index) * 1000;
  auto id = static_cast<std::int64_t>(index + 1);
  record::Record r;
  r.timestampMs = ts;
  record::Object o;
  switch (tmpl) {
    case DatagenTemplate::Users: {
      o.reserve(9);
      std::string_view first = rng.pick(kFirstNames), last = rng.pick(kLastNames);
      const City& c = rng.pick(kCities);
      std::string email =
          lower(first) + "." + lower(last) + std::to_string(rng.below(100)) + "@" + std::string(rng.pick(kDomains));
      o.emplace_back("id", Value(id));
      o.emplace_back("first_name", Value(first));
      o.emplace_back("last_name", Value(last));
      o.emplace_back("email", Value(std::move(email)));
      o.emplace_back("city", Value(c.city));
      o.emplace_back("country", Value(c.country));
      o.emplace_back("age", Value(static_cast<std::int64_t>(18 + rng.below(63))));
      o.emplace_back("is_active", Value(rng.below(10) < 8));
      o.emplace_back("signup_ts", timestamp(ts - static_cast<std::int64_t>(rng.below(3LL * 365 * 86400)) * 1000));
      r.key = Value(id);
      break;
    }
    case DatagenTemplate::Orders: {
      o.reserve(11);
      const Product& p = rng.pick(kProducts);
      auto quantity = static_cast<std::int64_t>(1 + rng.below(rng.below(4) == 0 ? 10 : 3));
      double unit = cents(p.basePrice * rng.range(0.85, 1.15));
      static constexpr std::array<std::string_view, 4> kCurrencies = {"USD", "USD", "EUR", "GBP"};
      o.emplace_back("order_id", Value(id));
      o.emplace_back("customer_id", Value(static_cast<std::int64_t>(1 + rng.below(10000))));
      o.emplace_back("product", Value(p.name));
      o.emplace_back("category", Value(p.category));
      o.emplace_back("quantity", Value(quantity));
      o.emplace_back("unit_price", Value(unit));
      o.emplace_back("amount", Value(cents(unit * static_cast<double>(quantity))));
      o.emplace_back("currency", Value(rng.pick(kCurrencies)));
      o.emplace_back("status", Value(rng.pick(kOrderStatus)));
      o.emplace_back("country", Value(rng.pick(kCities).country));
      o.emplace_back("created_at", timestamp(ts));
      r.key = Value(id);
      break;
    }
    case DatagenTemplate::Products: {
      // A catalogue of 1,000 products whose price keeps changing: each record
      // is an update of one of them, as seed 004's product_updater does.
      o.reserve(5);
      std::uint64_t productIndex = rng.below(1000);
      Rng fixed = rngFor(seed, tmpl, ~productIndex);  // name and category belong to the product
      std::string name = std::string(fixed.pick(kAdjectives)) + " " + std::string(fixed.pick(kNouns));
      std::string_view category = fixed.pick(kCategories);
      double base = 5.0 + fixed.range(0, 495);
      auto pid = static_cast<std::int64_t>(productIndex + 1);
      o.emplace_back("id", Value(pid));
      o.emplace_back("name", Value(std::move(name)));
      o.emplace_back("category", Value(category));
      o.emplace_back("price", Value(cents(base * rng.range(0.8, 1.2))));
      o.emplace_back("last_updated", timestamp(ts));
      r.key = Value(pid);
      break;
    }
    case DatagenTemplate::Clickstream: {
      o.reserve(10);
      std::string ip = std::to_string(10 + rng.below(200)) + "." + std::to_string(rng.below(256)) + "." +
                       std::to_string(rng.below(256)) + "." + std::to_string(1 + rng.below(254));
      std::string request = std::string(rng.pick(kMethods)) + " " + std::string(rng.pick(kPages)) + " HTTP/1.1";
      auto user = static_cast<std::int64_t>(1 + rng.below(40));
      o.emplace_back("ip", Value(std::move(ip)));
      o.emplace_back("userid", Value(user));
      o.emplace_back("remote_user", Value("-"));
      o.emplace_back("time", timestamp(ts));
      o.emplace_back("_time", Value(ts));
      o.emplace_back("request", Value(std::move(request)));
      o.emplace_back("status", Value(static_cast<std::int64_t>(rng.pick(kHttpStatus))));
      o.emplace_back("bytes", Value(static_cast<std::int64_t>(200 + rng.below(20000))));
      o.emplace_back("referrer", Value(rng.pick(kReferrers)));
      o.emplace_back("agent", Value(rng.pick(kAgents)));
      r.key = Value(user);
      break;
    }
    case DatagenTemplate::Iot: {
      o.reserve(10);
      std::uint64_t device = rng.below(200);
      Rng fixed = rngFor(seed, tmpl, ~device);
      const City& site = fixed.pick(kCities);
      std::string_view type = fixed.pick(kDeviceTypes);
      double baseTemp = type == "freezer" ? -18.0 : type == "greenhouse" ? 27.0 : 21.0;
      char name[32];
      std::snprintf(name, sizeof name, "sensor-%04llu", static_cast<unsigned long long>(device + 1));
      o.emplace_back("device_id", Value(std::string_view(name)));
      o.emplace_back("device_type", Value(type));
      o.emplace_back("site", Value(site.city));
      o.emplace_back("temperature", Value(std::round((baseTemp + rng.range(-3, 3)) * 10) / 10));
      o.emplace_back("humidity", Value(std::round(rng.range(20, 90) * 10) / 10));
      o.emplace_back("pressure", Value(std::round(rng.range(990, 1030) * 10) / 10));
      o.emplace_back("battery", Value(static_cast<std::int64_t>(100 - fixed.below(60) - rng.below(5))));
      o.emplace_back("lat", Value(std::round((site.lat + fixed.range(-0.05, 0.05)) * 1e5) / 1e5));
      o.emplace_back("lon", Value(std::round((site.lon + fixed.range(-0.05, 0.05)) * 1e5) / 1e5));
      o.emplace_back("ts", timestamp(ts));
      r.key = Value(std::string_view(name));
      break;
    }
  }
  r.value = Value(std::move(o));
  r.position = {0, static_cast<std::int64_t>(index)};
  return r;
}

namespace {

class DatagenSource final : public runtime::Source {
 public:
  DatagenSource(DatagenTemplate tmpl, std::optional<std::uint64_t> seed, double rate, std::uint64_t count)
      : m_template(tmpl), m_configSeed(seed), m_rate(rate), m_count(count) {}

  Status open(const nlohmann::json& checkpoint, runtime::ErrorReporter&) override {
    std::lock_guard lock(m_mutex);
    m_seed = m_configSeed ? *m_configSeed : std::random_device{}() * 0x100000001ULL + std::random_device{}();
    if (checkpoint.is_object()) {
      std::uint64_t storedSeed = checkpoint.value("seed", m_seed);
      if (!m_configSeed) m_seed = storedSeed;
      if (storedSeed == m_seed) m_restoredNext = checkpoint.value("next", std::uint64_t{0});
    }
    m_next = m_restoredNext;
    return {};
  }

  runtime::PollResult poll(record::Batch& out, std::size_t maxRecords, runtime::ErrorReporter&) override {
    runtime::PollResult result;
    if (m_count > 0 && m_next >= m_count) {
      result.end = true;
      return result;
    }
    std::uint64_t n = maxRecords;
    if (m_count > 0) n = std::min<std::uint64_t>(n, m_count - m_next);
    auto now = std::chrono::steady_clock::now();
    if (m_rate > 0) {
      if (!m_started) {
        m_started = true;
        m_rateStart = now;
        m_emitted = 0;
      }
      double elapsed = std::chrono::duration<double>(now - m_rateStart).count();
      double due = elapsed * m_rate - static_cast<double>(m_emitted);
      if (due > std::max(m_rate, 1.0)) {  // after a pause: no burst, restart the clock
        m_rateStart = now;
        m_emitted = 0;
        due = 1;
      }
      if (due < 1) {
        result.waitMs = std::clamp<std::int64_t>(static_cast<std::int64_t>((1 - due) * 1000.0 / m_rate), 1, 100);
        return result;
      }
      n = std::min<std::uint64_t>(n, static_cast<std::uint64_t>(due));
      // Small steady batches at low rates instead of one burst a second.
      n = std::min<std::uint64_t>(n, std::max<std::uint64_t>(1, static_cast<std::uint64_t>(m_rate / 20)));
    }
    std::int64_t wallMs = base::wallMs();
    std::int64_t nowMs = m_configSeed ? -1 : wallMs;
    out.reserve(n);
    for (std::uint64_t i = 0; i < n; ++i) {
      out.push_back(generateRecord(m_template, m_seed, m_next + i, nowMs));
      // The record's own time (a Kafka message's timestamp) is always now: a
      // broker's time retention (7 days by default) would at once delete
      // messages dated with the seeded 2024 clock.
      out.back().timestampMs = wallMs;
    }
    m_next += n;
    m_emitted += n;
    result.resume.push_back({0, static_cast<std::int64_t>(m_next)});
    if (m_count > 0 && m_next >= m_count) result.end = true;
    return result;
  }

  nlohmann::json checkpointState(const runtime::PositionMap& committed) const override {
    std::lock_guard lock(m_mutex);
    auto it = committed.find(0);
    std::uint64_t next = it == committed.end() ? m_restoredNext : static_cast<std::uint64_t>(it->second);
    return {{"next", next}, {"seed", m_seed}};
  }

 private:
  DatagenTemplate m_template;
  std::optional<std::uint64_t> m_configSeed;
  double m_rate;
  std::uint64_t m_count;
  mutable std::mutex m_mutex;  // m_seed, m_restoredNext (read by checkpointState)
  std::uint64_t m_seed = 0;
  std::uint64_t m_restoredNext = 0;
  std::uint64_t m_next = 0;
  bool m_started = false;
  std::chrono::steady_clock::time_point m_rateStart;
  std::uint64_t m_emitted = 0;
};

}  // namespace

void registerDatagenSource(runtime::FactoryRegistry& registry) {
  using model::FieldSpec;
  using model::FieldType;
  runtime::NodeFactory f;
  model::NodeSpec& s = f.spec;
  s.type = "source.datagen";
  s.category = model::NodeCategory::Source;
  s.title = "Data generator";
  s.icon = "datagen";
  s.help =
      "Generates realistic test records from a template, at a given rate, reproducibly with a seed. "
      "Templates: users (id, first_name, last_name, email, city, country, age, is_active, signup_ts), "
      "orders (order_id, customer_id, product, category, quantity, unit_price, amount, currency, status, "
      "country, created_at), products (seed 004's product updates: id, name, category cat_1 … cat_9, price, "
      "last_updated), clickstream (web access log: ip, userid, remote_user, time, _time, request, status, "
      "bytes, referrer, agent) and iot (sensor readings: device_id, device_type, site, temperature, humidity, "
      "pressure, battery, lat, lon, ts).";
  s.outputs = {{"out", model::PortKind::Records, {}, true}};
  FieldSpec tmpl;
  tmpl.name = "template";
  tmpl.type = FieldType::Enum;
  tmpl.help = "Which kind of records to generate.";
  tmpl.allowed = {"users", "orders", "products", "clickstream", "iot"};
  tmpl.defaultValue = "orders";
  tmpl.required = true;
  s.fields.push_back(tmpl);
  FieldSpec rate;
  rate.name = "rate";
  rate.type = FieldType::Double;
  rate.help = "Records per second; 0 generates as fast as the pipeline takes them.";
  rate.defaultValue = 1000;
  rate.min = 0;
  rate.max = 1e9;
  s.fields.push_back(rate);
  FieldSpec count;
  count.name = "count";
  count.type = FieldType::Int;
  count.help = "Stop after this many records (the pipeline then drains and stops); 0 generates forever.";
  count.defaultValue = 0;
  count.min = 0;
  s.fields.push_back(count);
  FieldSpec seed;
  seed.name = "seed";
  seed.type = FieldType::Int;
  seed.help =
      "Makes the output reproducible: the same seed gives the same records, their time fields included "
      "(they then start at 2024-01-01T00:00:00Z and advance one second per record). Without a seed the "
      "data is random and its time fields are the current time. Records are always stamped with the current "
      "time, so topics keep them.";
  seed.min = 0;
  s.fields.push_back(seed);

  f.source = [](const runtime::NodeContext& ctx) -> Result<std::unique_ptr<runtime::Source>> {
    runtime::NodeConfig config(ctx.config);
    std::string templateName = config.text("template");
    std::optional<std::uint64_t> seed;
    if (auto s = config.optionalInteger("seed")) seed = static_cast<std::uint64_t>(*s);
    double rate = config.number("rate");
    auto count = static_cast<std::uint64_t>(config.integer("count"));
    if (Status s = config.status(); !s) return s.error();
    DatagenTemplate tmpl;
    if (!datagenTemplateFromString(templateName, tmpl))
      return makeError(ErrorCode::Invalid, "unknown template", "config.template");
    return std::unique_ptr<runtime::Source>(std::make_unique<DatagenSource>(tmpl, seed, rate, count));
  };
  registry.add(std::move(f));
}

}  // namespace tributary::connectors

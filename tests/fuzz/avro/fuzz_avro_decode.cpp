// libFuzzer target: the Avro decoder (Avro C underneath, our logical types and
// resolution on top) must accept or reject any bytes cleanly, for a schema
// with every kind of type. What it accepts must encode and decode back to the
// same Value, and resolving against a reader schema must not crash.
// The first input byte picks the schema.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>

#include "core/avro/codec.h"
#include "core/record/json.h"

using namespace tributary;

namespace {

const char* kSchemas[] = {
    R"({"type":"record","name":"Rich","fields":[
      {"name":"flag","type":"boolean"},{"name":"small","type":"int"},{"name":"big","type":"long"},
      {"name":"ratio","type":"float"},{"name":"value","type":"double"},{"name":"raw","type":"bytes"},
      {"name":"text","type":"string"},
      {"name":"price","type":{"type":"bytes","logicalType":"decimal","precision":30,"scale":4}},
      {"name":"money","type":{"type":"fixed","name":"Money","size":6,"logicalType":"decimal","precision":12,"scale":2}},
      {"name":"day","type":{"type":"int","logicalType":"date"}},
      {"name":"at","type":{"type":"long","logicalType":"timestamp-millis"}},
      {"name":"clock","type":{"type":"long","logicalType":"time-micros"}},
      {"name":"kind","type":{"type":"enum","name":"Kind","symbols":["A","B","C"]}},
      {"name":"hash","type":{"type":"fixed","name":"Hash","size":3}},
      {"name":"tags","type":{"type":"array","items":["null","string","long"]}},
      {"name":"counts","type":{"type":"map","values":"int"}}]})",
    R"({"type":"record","name":"Node","fields":[{"name":"v","type":"int"},
      {"name":"children","type":{"type":"array","items":"Node"}},{"name":"next","type":["null","Node"]}]})",
    R"(["null","boolean","int","string",{"type":"map","values":{"type":"array","items":"double"}}])",
};

// Reader of schema 1: promotions, a new field with a default, an alias.
const char* kNodeReader = R"({"type":"record","name":"Node","fields":[{"name":"value","aliases":["v"],"type":"double"},
  {"name":"children","type":{"type":"array","items":"Node"}},{"name":"next","type":["null","Node"]},
  {"name":"label","type":"string","default":"none"}]})";

struct Fixture {
  std::shared_ptr<const avro::Schema> schemas[3];
  std::unique_ptr<avro::Codec> codecs[3];
  std::unique_ptr<avro::Schema> reader;
  Fixture() {
    for (int i = 0; i < 3; ++i) {
      auto parsed = avro::Schema::parse(kSchemas[i]);
      if (!parsed) std::abort();
      schemas[i] = std::make_shared<const avro::Schema>(std::move(*parsed));
      auto codec = avro::Codec::create(schemas[i]);
      if (!codec) std::abort();
      codecs[i] = std::move(*codec);
    }
    auto r = avro::Schema::parse(kNodeReader);
    if (!r) std::abort();
    reader = std::make_unique<avro::Schema>(std::move(*r));
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static Fixture fixture;
  if (size == 0) return 0;
  int which = data[0] % 3;
  std::string_view bytes(reinterpret_cast<const char*>(data + 1), size - 1);
  avro::Codec& codec = *fixture.codecs[which];
  auto decoded = codec.decode(bytes);
  if (which == 1) (void)codec.decode(bytes, fixture.reader.get());
  if (!decoded.ok()) return 0;
  std::string encoded;
  auto fail = [&](const std::string& why) {
    std::fprintf(stderr, "round trip failed: %s\ndecoded: %s\n", why.c_str(), record::toJson(*decoded).c_str());
    std::abort();
  };
  if (Status s = codec.encode(*decoded, encoded); !s) fail("encode: " + s.error().toString());
  auto again = codec.decode(encoded);
  if (!again.ok()) fail("decode: " + again.error().toString());
  if (record::toJson(*again) != record::toJson(*decoded)) fail("differs: " + record::toJson(*again));
  return 0;
}

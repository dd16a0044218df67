// libFuzzer target for what source.postgres.cdc reads from the server: the
// replication frames, pgoutput messages, text values by type OID and COPY
// text lines must be accepted or rejected cleanly for any bytes, and what is
// accepted must be consistent (views inside their buffers, LSNs round-trip).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "core/connectors/pgoutput.h"
#include "core/record/json.h"

using namespace tributary;
namespace pg = tributary::connectors::pgoutput;

namespace {

bool inside(std::string_view part, std::string_view whole) {
  return part.empty() || (part.data() >= whole.data() && part.data() + part.size() <= whole.data() + whole.size());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);

  pg::CopyFrame frame;
  if (pg::parseCopyFrame(bytes, frame).ok() && frame.kind == 'w' && !inside(frame.data.payload, bytes)) std::abort();

  pg::Message msg;
  if (pg::decode(bytes, msg).ok()) {
    for (const auto& v : msg.newTuple)
      if (!inside(v.data, bytes)) std::abort();
    for (const auto& v : msg.oldTuple)
      if (!inside(v.data, bytes)) std::abort();
    if (!inside(msg.text, bytes) || !inside(msg.content, bytes)) std::abort();
  }

  if (size >= 1) {
    static const std::uint32_t kTypes[] = {pg::oid::Bool, pg::oid::Bytea,  pg::oid::Int2,      pg::oid::Int4,
                                           pg::oid::Int8, pg::oid::Float4, pg::oid::Float8,    pg::oid::Numeric,
                                           pg::oid::Json, pg::oid::Jsonb,  pg::oid::Timestamp, pg::oid::TimestampTz,
                                           pg::oid::Date, pg::oid::Text,   pg::oid::Uuid};
    std::uint32_t type = kTypes[static_cast<unsigned char>(bytes[0]) % (sizeof kTypes / sizeof kTypes[0])];
    record::Value v = pg::textToValue(type, bytes.substr(1));
    (void)record::toJson(v);
  }

  std::vector<pg::CopyField> fields;
  std::string scratch;
  if (pg::parseCopyTextLine(bytes, fields, scratch)) {
    std::size_t total = 0;
    for (const auto& f : fields) {
      if (!f.isNull && !inside(f.text, bytes) && !inside(f.text, scratch)) std::abort();
      total += f.text.size();
    }
    if (total > bytes.size()) std::abort();
  }

  std::uint64_t lsn = 0;
  if (pg::parseLsn(bytes, lsn)) {
    std::uint64_t again = 0;
    if (!pg::parseLsn(pg::formatLsn(lsn), again) || again != lsn) std::abort();
  }
  return 0;
}

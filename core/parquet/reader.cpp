#include "core/parquet/reader.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <functional>

#include "core/parquet/codec.h"
#include "core/parquet/rle.h"
#include "core/record/json.h"
#include "core/record/timestamp.h"

namespace tributary::parquet {

using record::Value;

namespace {

// Decimals of up to 16 bytes and overflow-free time arithmetic (GCC and clang).
__extension__ typedef __int128 Int128;
__extension__ typedef unsigned __int128 UInt128;

constexpr std::size_t kFooterTail = 8;  // footer length + "PAR1"
// Values of one row group held in memory at once (16 bytes each: 1 GiB).
constexpr std::uint64_t kMaxCells = std::uint64_t{1} << 26;
constexpr std::int64_t kJulianEpochDay = 2440588;  // 1970-01-01

template <typename T>
T getLe(const char* p) {
  T v;
  std::memcpy(&v, p, sizeof(T));
  return v;
}

// A signed big-endian two's-complement integer of up to 16 bytes.
bool bigEndianToInt128(std::string_view bytes, Int128& out) {
  if (bytes.empty() || bytes.size() > 16) return false;
  UInt128 u = (static_cast<std::uint8_t>(bytes[0]) & 0x80) ? ~static_cast<UInt128>(0) : 0;
  for (char c : bytes) u = (u << 8) | static_cast<std::uint8_t>(c);
  out = static_cast<Int128>(u);
  return true;
}

std::string decimalText(Int128 unscaled, std::int32_t scale) {
  bool negative = unscaled < 0;
  UInt128 u = negative ? static_cast<UInt128>(-(unscaled + 1)) + 1 : static_cast<UInt128>(unscaled);
  std::string digits;
  do {
    digits.push_back(static_cast<char>('0' + static_cast<int>(u % 10)));
    u /= 10;
  } while (u);
  if (scale > 0) {
    while (digits.size() <= static_cast<std::size_t>(scale)) digits.push_back('0');
    digits.insert(digits.begin() + scale, '.');
  }
  if (negative) digits.push_back('-');
  std::reverse(digits.begin(), digits.end());
  if (scale < 0) digits.append(static_cast<std::size_t>(-scale), '0');
  return digits;
}

// Microseconds clamped to the int64 range instead of overflowing on corrupt or extreme values.
std::int64_t saturate(Int128 micros) {
  if (micros > INT64_MAX) return INT64_MAX;
  if (micros < INT64_MIN) return INT64_MIN;
  return static_cast<std::int64_t>(micros);
}

// DELTA_BINARY_PACKED: `count` integers from the start of `in`; `consumed`
// is where the encoded data ends (DELTA_LENGTH_BYTE_ARRAY's bytes follow it).
// Arithmetic wraps, as the encoding's writers do.
Status decodeDeltaBinaryPacked(std::string_view in, std::size_t count, std::vector<std::int64_t>& out,
                               std::size_t& consumed) {
  const auto* p = reinterpret_cast<const std::uint8_t*>(in.data());
  std::size_t size = in.size(), pos = 0;
  auto varint = [&](std::uint64_t& v) -> bool {
    v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (pos >= size) return false;
      std::uint8_t b = p[pos++];
      v |= static_cast<std::uint64_t>(b & 0x7f) << shift;
      if (!(b & 0x80)) return true;
    }
    return false;
  };
  auto zigzag = [](std::uint64_t u) { return static_cast<std::int64_t>((u >> 1) ^ (~(u & 1) + 1)); };
  std::uint64_t blockSize, miniblocks, total, first;
  if (!varint(blockSize) || !varint(miniblocks) || !varint(total) || !varint(first))
    return makeError(ErrorCode::Invalid, "DELTA_BINARY_PACKED header ends early");
  if (blockSize == 0 || blockSize % 128 != 0 || blockSize > (1u << 20) || miniblocks == 0 ||
      blockSize % miniblocks != 0 || (blockSize / miniblocks) % 32 != 0)
    return makeError(ErrorCode::Invalid, "DELTA_BINARY_PACKED header has a corrupt block size " +
                                             std::to_string(blockSize) + " / " + std::to_string(miniblocks) +
                                             " miniblocks");
  if (total < count)
    return makeError(ErrorCode::Invalid, "DELTA_BINARY_PACKED holds " + std::to_string(total) +
                                             " values, the page needs " + std::to_string(count));
  std::uint64_t perMiniblock = blockSize / miniblocks;
  out.clear();
  out.reserve(count);
  std::uint64_t value = static_cast<std::uint64_t>(zigzag(first));
  if (count > 0) out.push_back(static_cast<std::int64_t>(value));
  while (out.size() < count) {
    std::uint64_t minDeltaRaw;
    if (!varint(minDeltaRaw)) return makeError(ErrorCode::Invalid, "DELTA_BINARY_PACKED block ends early");
    std::uint64_t minDelta = static_cast<std::uint64_t>(zigzag(minDeltaRaw));
    if (miniblocks > size - pos) return makeError(ErrorCode::Invalid, "DELTA_BINARY_PACKED bit widths end early");
    const std::uint8_t* widths = p + pos;
    pos += miniblocks;
    for (std::uint64_t m = 0; m < miniblocks && out.size() < count; ++m) {
      int width = widths[m];
      if (width > 64)
        return makeError(ErrorCode::Invalid,
                         "DELTA_BINARY_PACKED bit width " + std::to_string(width) + " is out of range");
      std::uint64_t bytes = perMiniblock * static_cast<std::uint64_t>(width) / 8;
      if (bytes > size - pos) return makeError(ErrorCode::Invalid, "DELTA_BINARY_PACKED miniblock ends early");
      std::uint64_t bitPos = 0;
      for (std::uint64_t i = 0; i < perMiniblock && out.size() < count; ++i) {
        std::uint64_t delta = 0;
        for (int b = 0; b < width; ++b, ++bitPos)
          delta |= static_cast<std::uint64_t>((p[pos + bitPos / 8] >> (bitPos % 8)) & 1) << b;
        value += minDelta + delta;
        out.push_back(static_cast<std::int64_t>(value));
      }
      pos += bytes;
    }
  }
  consumed = pos;
  return {};
}

std::string uuidText(std::string_view b) {
  static const char* hex = "0123456789abcdef";
  std::string s;
  for (std::size_t i = 0; i < b.size(); ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) s.push_back('-');
    s.push_back(hex[static_cast<std::uint8_t>(b[i]) >> 4]);
    s.push_back(hex[static_cast<std::uint8_t>(b[i]) & 15]);
  }
  return s;
}

}  // namespace

// Where the bytes come from: an open file (read with pread) or memory.
struct ParquetReader::Source {
  int fd = -1;
  std::string data;
  std::uint64_t size = 0;
  ~Source() {
    if (fd >= 0) ::close(fd);
  }
  Status read(std::uint64_t offset, std::size_t length, std::string& out) const {
    out.resize(length);
    if (fd < 0) {
      std::memcpy(out.data(), data.data() + offset, length);
      return {};
    }
    std::size_t done = 0;
    while (done < length) {
      ssize_t n = ::pread(fd, out.data() + done, length - done, static_cast<off_t>(offset + done));
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) return makeError(ErrorCode::Io, std::string("cannot read: ") + std::strerror(errno));
      if (n == 0) return makeError(ErrorCode::Io, "the file shrank while it was read");
      done += static_cast<std::size_t>(n);
    }
    return {};
  }
};

// A leaf column and how its physical values become record values.
// One level of a leaf column's path from the root (nested schemas).
struct PathStep {
  std::string name;
  bool repeated = false;
  int definition = 0;  // the definition level at which this node is present (not null, not an empty list)
  int repetition = 0;  // for a repeated node: the repetition level of a new element
};

struct ParquetReader::Column {
  std::string name;  // dotted path for nested leaves
  PhysicalType type = PhysicalType::Int32;
  std::int32_t typeLength = 0;
  int maxDefinition = 0;  // flat: 0 required, 1 optional; nested: the count of optional and repeated levels
  int maxRepetition = 0;  // the count of repeated levels
  std::vector<PathStep> path;  // root child ... leaf (nested schemas only)
  enum class As { Plain, String, Decimal, Date, TimestampMillis, TimestampMicros, TimestampNanos, Uuid } as = As::Plain;
  std::int32_t scale = 0;
};

// A node of a nested schema: how its value is shown (a leaf's value, an
// object of its children, a LIST as an array, a MAP as an object).
struct SchemaNode {
  enum class Kind { Leaf, Group, List, Map } kind = Kind::Leaf;
  std::string name;
  bool repeated = false;
  std::vector<SchemaNode> children;
};

namespace {

// One row of a nested file while its leaves are put in place: each leaf
// column adds its branch (Dremel record assembly), then the tree becomes a
// Value following the schema (LIST -> array, MAP -> object).
struct RowTree {
  enum class Kind : std::uint8_t { Unset, Null, Leaf, Object, Array } kind = Kind::Unset;
  Value leaf;
  std::vector<std::string> names;  // Object
  std::vector<RowTree> values;     // Object (parallel to names) or Array items
  RowTree& field(const std::string& name) {
    for (std::size_t i = 0; i < names.size(); ++i)
      if (names[i] == name) return values[i];
    names.push_back(name);
    values.emplace_back();
    return values.back();
  }
  const RowTree* find(const std::string& name) const {
    for (std::size_t i = 0; i < names.size(); ++i)
      if (names[i] == name) return &values[i];
    return nullptr;
  }
};

Value nodeValue(const RowTree* t, const SchemaNode& f);

// The value of one occurrence of `f` (an element, for a repeated node).
Value elementValue(const RowTree* t, const SchemaNode& f) {
  using Kind = SchemaNode::Kind;
  if (!t || t->kind == RowTree::Kind::Unset || t->kind == RowTree::Kind::Null) return Value();
  if (f.kind == Kind::Leaf) return t->leaf;
  if (f.kind == Kind::List || f.kind == Kind::Map) {
    const SchemaNode& repeated = f.children[0];
    const RowTree* items = t->find(repeated.name);
    Value out = f.kind == Kind::List ? Value::makeArray(items ? items->values.size() : 0)
                                     : Value::makeObject(items ? items->values.size() : 0);
    if (!items || items->kind != RowTree::Kind::Array) return out;
    for (const RowTree& item : items->values) {
      if (f.kind == Kind::List) {
        // Three levels (LIST > repeated group > element) unless the repeated
        // group is itself the element (the older two-level forms).
        bool threeLevel = repeated.kind != Kind::Leaf && repeated.children.size() == 1 && repeated.name != "array" &&
                          repeated.name != f.name + "_tuple";
        out.asArray().push_back(threeLevel
                                    ? nodeValue(item.find(repeated.children[0].name), repeated.children[0])
                                    : elementValue(&item, repeated));
      } else {
        const SchemaNode& keyNode = repeated.children[0];
        Value key = nodeValue(item.find(keyNode.name), keyNode);
        std::string name = key.type() == record::ValueType::String ? std::string(key.asString()) : record::toJson(key);
        out.append(std::move(name), repeated.children.size() > 1
                                        ? nodeValue(item.find(repeated.children[1].name), repeated.children[1])
                                        : Value());
      }
    }
    return out;
  }
  Value out = Value::makeObject(f.children.size());
  for (const SchemaNode& child : f.children) out.append(child.name, nodeValue(t->find(child.name), child));
  return out;
}

// The value of `f` in its parent: an array of its occurrences when repeated.
Value nodeValue(const RowTree* t, const SchemaNode& f) {
  if (!f.repeated) return elementValue(t, f);
  Value out = Value::makeArray(t ? t->values.size() : 0);
  if (t && t->kind == RowTree::Kind::Array)
    for (const RowTree& item : t->values) out.asArray().push_back(elementValue(&item, f));
  return out;
}

}  // namespace

ParquetReader::ParquetReader() = default;
ParquetReader::ParquetReader(ParquetReader&&) noexcept = default;
ParquetReader& ParquetReader::operator=(ParquetReader&&) noexcept = default;
ParquetReader::~ParquetReader() = default;

Error ParquetReader::error(std::string message, std::int64_t offset) const {
  std::string where = m_name;
  if (offset >= 0) where += " (byte " + std::to_string(offset) + ")";
  return makeError(ErrorCode::Invalid, std::move(message), std::move(where));
}

Result<ParquetReader> ParquetReader::openFile(const std::string& path) {
  ParquetReader r;
  r.m_name = path;
  r.m_source = std::make_unique<Source>();
  r.m_source->fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (r.m_source->fd < 0)
    return makeError(errno == ENOENT ? ErrorCode::NotFound : ErrorCode::Io,
                     std::string("cannot open: ") + std::strerror(errno), path);
  struct stat st {};
  if (::fstat(r.m_source->fd, &st) != 0)
    return makeError(ErrorCode::Io, std::string("cannot stat: ") + std::strerror(errno), path);
  r.m_source->size = static_cast<std::uint64_t>(st.st_size);
  if (Status s = r.init(); !s) return s.error();
  return r;
}

Result<ParquetReader> ParquetReader::openBuffer(std::string data, std::string name) {
  ParquetReader r;
  r.m_name = std::move(name);
  r.m_source = std::make_unique<Source>();
  r.m_source->size = data.size();
  r.m_source->data = std::move(data);
  if (Status s = r.init(); !s) return s.error();
  return r;
}

Status ParquetReader::init() {
  std::uint64_t size = m_source->size;
  if (size < 4 + kFooterTail) return error("not a Parquet file: " + std::to_string(size) + " bytes is too short");
  std::string head, tail;
  if (Status s = m_source->read(0, 4, head); !s) return error(s.error().message);
  if (Status s = m_source->read(size - kFooterTail, kFooterTail, tail); !s) return error(s.error().message);
  if (head != "PAR1") return error("not a Parquet file: it does not start with PAR1", 0);
  if (tail.substr(4) != "PAR1")
    return error("not a complete Parquet file: it does not end with PAR1 (truncated?)",
                 static_cast<std::int64_t>(size - 4));
  std::uint64_t footerLength = getLe<std::uint32_t>(tail.data());
  if (footerLength > size - 4 - kFooterTail)
    return error(
        "corrupt footer length " + std::to_string(footerLength) + " (the file has " + std::to_string(size) + " bytes)",
        static_cast<std::int64_t>(size - kFooterTail));
  std::uint64_t footerStart = size - kFooterTail - footerLength;
  std::string footer;
  if (Status s = m_source->read(footerStart, footerLength, footer); !s) return error(s.error().message);
  auto meta = parseFileMetaData(footer);
  if (!meta) return error(meta.error().message, static_cast<std::int64_t>(footerStart));
  m_meta = std::move(meta).value();

  // The schema: a tree under the root, written depth first. Leaves are the
  // columns (in the row groups' column order); groups are objects, LIST and
  // MAP groups arrays and maps.
  const auto& schema = m_meta.schema;
  auto dotted = [](const std::vector<PathStep>& path) {
    std::string name;
    for (const PathStep& p : path) name += (name.empty() ? "" : ".") + p.name;
    return name;
  };
  std::size_t nextElement = 1;
  std::function<Result<SchemaNode>(std::vector<PathStep>)> parseNode = [&](std::vector<PathStep> path) -> Result<SchemaNode> {
    if (nextElement >= schema.size()) return error("corrupt schema: a group has more children than elements follow");
    if (path.size() > 64) return error("corrupt schema: nested more than 64 levels deep");
    const SchemaElement& e = schema[nextElement++];
    SchemaNode f;
    f.name = e.name;
    f.repeated = e.repetition == Repetition::Repeated;
    PathStep step;
    step.name = e.name;
    step.repeated = f.repeated;
    step.definition = (path.empty() ? 0 : path.back().definition) + (e.repetition.value_or(Repetition::Required) != Repetition::Required ? 1 : 0);
    int parentRepetition = 0;
    for (const PathStep& p : path) parentRepetition = std::max(parentRepetition, p.repetition);
    step.repetition = parentRepetition + (f.repeated ? 1 : 0);
    path.push_back(step);
    if (!e.type || e.numChildren > 0) {
      if (e.numChildren <= 0) return error("corrupt schema: group \"" + e.name + "\" has no children");
      int ct = e.convertedType.value_or(-1);
      f.kind = e.logicalType.kind == LogicalType::List || ct == kList  ? SchemaNode::Kind::List
               : e.logicalType.kind == LogicalType::Map || ct == kMap || ct == kMapKeyValue ? SchemaNode::Kind::Map
                                                                                            : SchemaNode::Kind::Group;
      for (std::int32_t i = 0; i < e.numChildren; ++i) {
        auto child = parseNode(path);
        if (!child) return child.error();
        f.children.push_back(std::move(child).value());
      }
      // A LIST or MAP holds one repeated group (a MAP's with a key and a
      // value); anything else is shown as the plain group it is.
      if (f.kind != SchemaNode::Kind::Group &&
          (f.children.size() != 1 || !f.children[0].repeated ||
           (f.kind == SchemaNode::Kind::Map &&
            (f.children[0].kind == SchemaNode::Kind::Leaf || f.children[0].children.empty() ||
             f.children[0].children.size() > 2))))
        f.kind = SchemaNode::Kind::Group;
      return f;
    }
    if (static_cast<std::int32_t>(*e.type) < 0 || *e.type > PhysicalType::FixedLenByteArray)
      return error("column \"" + dotted(path) + "\" has unknown physical type " +
                   std::to_string(static_cast<int>(*e.type)));
    {
      Column c;
      c.name = dotted(path);
      c.type = *e.type;
      c.typeLength = e.typeLength;
      c.maxDefinition = path.back().definition;
      c.maxRepetition = path.back().repetition;
      c.path = path;
      if (c.type == PhysicalType::FixedLenByteArray && (c.typeLength <= 0 || c.typeLength > (1 << 20)))
        return error("column \"" + dotted(path) + "\" has a corrupt FIXED_LEN_BYTE_ARRAY length " +
                     std::to_string(c.typeLength));
      const LogicalType& lt = e.logicalType;
      int ct = e.convertedType.value_or(-1);
      using As = Column::As;
      if (lt.kind == LogicalType::String || lt.kind == LogicalType::Enum || lt.kind == LogicalType::Json || ct == kUtf8 ||
          ct == kEnum || ct == kJson)
        c.as = As::String;
      else if (lt.kind == LogicalType::Decimal || ct == kDecimal) {
        c.as = As::Decimal;
        c.scale = lt.kind == LogicalType::Decimal ? lt.scale : e.scale;
      } else if (lt.kind == LogicalType::Date || ct == kDate)
        c.as = As::Date;
      else if (lt.kind == LogicalType::Timestamp)
        c.as = lt.unit == TimeUnit::Millis  ? As::TimestampMillis
               : lt.unit == TimeUnit::Nanos ? As::TimestampNanos
                                            : As::TimestampMicros;
      else if (ct == kTimestampMillis)
        c.as = As::TimestampMillis;
      else if (ct == kTimestampMicros)
        c.as = As::TimestampMicros;
      else if (lt.kind == LogicalType::Uuid)
        c.as = As::Uuid;
      if (c.type == PhysicalType::Int96) c.as = As::TimestampNanos;
      m_columns.push_back(std::move(c));
    }
    return f;
  };
  for (std::int32_t i = 0; i < std::max(0, schema[0].numChildren); ++i) {
    auto field = parseNode({});
    if (!field) return field.error();
    m_names.push_back(field->name);
    if (field->kind != SchemaNode::Kind::Leaf || field->repeated) m_nested = true;
    m_fields.push_back(std::move(field).value());
  }
  if (nextElement != schema.size())
    return error("corrupt schema: the root has " + std::to_string(schema[0].numChildren) + " children but " +
                 std::to_string(schema.size() - 1) + " elements follow");
  if (!m_nested)
    for (Column& c : m_columns) c.path.clear();
  if (m_columns.empty()) return error("the schema has no columns");
  if (m_meta.numRows < 0) return error("corrupt footer: a negative row count");
  std::int64_t total = 0;
  for (std::size_t g = 0; g < m_meta.rowGroups.size(); ++g) {
    const RowGroup& rg = m_meta.rowGroups[g];
    if (rg.numRows < 0 || rg.numRows > (std::int64_t{1} << 40))
      return error("corrupt footer: row group " + std::to_string(g) + " has " + std::to_string(rg.numRows) + " rows");
    // A row group is decoded whole: bound the memory that takes.
    if (static_cast<std::uint64_t>(rg.numRows) * m_columns.size() > kMaxCells)
      return makeError(ErrorCode::Unsupported,
                       "row group " + std::to_string(g) + " has " + std::to_string(rg.numRows) + " rows of " +
                           std::to_string(m_columns.size()) +
                           " columns, more values than this reader holds in memory (" + std::to_string(kMaxCells) + ")",
                       m_name);
    if (rg.columns.size() != m_columns.size())
      return error("corrupt footer: row group " + std::to_string(g) + " has " + std::to_string(rg.columns.size()) +
                   " columns, the schema " + std::to_string(m_columns.size()));
    m_groupStart.push_back(total);
    total += rg.numRows;
  }
  if (total != m_meta.numRows)
    return error("corrupt footer: the row groups hold " + std::to_string(total) + " rows, the file says " +
                 std::to_string(m_meta.numRows));
  m_values.resize(m_columns.size());
  return {};
}

Status ParquetReader::seek(std::int64_t row) {
  if (row < 0 || row > m_meta.numRows)
    return makeError(
        ErrorCode::Invalid,
        "row " + std::to_string(row) + " is outside the file's " + std::to_string(m_meta.numRows) + " rows", m_name);
  // Rows already read were moved out of the loaded group: going back reloads it.
  if (row < m_position) m_group = SIZE_MAX;
  m_position = row;
  return {};
}

Result<bool> ParquetReader::next(Value& row) {
  if (m_position >= m_meta.numRows) return false;
  auto it = std::upper_bound(m_groupStart.begin(), m_groupStart.end(), m_position);
  std::size_t group = static_cast<std::size_t>(it - m_groupStart.begin()) - 1;
  if (group != m_group) {
    if (Status s = loadRowGroup(group); !s) return s.error();
  }
  std::size_t i = static_cast<std::size_t>(m_position - m_groupStart[group]);
  if (!m_nested) {
    row = Value::makeObject(m_columns.size());
    for (std::size_t c = 0; c < m_columns.size(); ++c) row.append(m_columns[c].name, std::move(m_values[c][i]));
    ++m_position;
    return true;
  }
  // Nested: each leaf's entries for row i run from its cursor to the next
  // entry with repetition level 0.
  if (i < m_cursorRow) {
    std::fill(m_cursor.begin(), m_cursor.end(), 0);
    m_cursorRow = 0;
  }
  auto rowEnd = [&](std::size_t c) {
    std::size_t end = m_cursor[c] + 1;
    while (end < m_reps[c].size() && m_reps[c][end] != 0) ++end;
    return end;
  };
  for (; m_cursorRow < i; ++m_cursorRow)
    for (std::size_t c = 0; c < m_columns.size(); ++c) m_cursor[c] = rowEnd(c);
  RowTree tree;
  tree.kind = RowTree::Kind::Object;
  for (std::size_t c = 0; c < m_columns.size(); ++c) {
    const Column& col = m_columns[c];
    if (m_cursor[c] >= m_reps[c].size())
      return error("column \"" + col.name + "\" has fewer rows than row group " + std::to_string(group));
    const std::size_t end = rowEnd(c);
    std::vector<int> element(col.path.size(), -1);  // per level, the list element being filled
    for (std::size_t e = m_cursor[c]; e < end; ++e) {
      const std::uint32_t r = m_reps[c][e], d = m_defs[c][e];
      RowTree* slot = &tree.field(col.path[0].name);
      for (std::size_t k = 0; k < col.path.size(); ++k) {
        const PathStep& step = col.path[k];
        if (d < static_cast<std::uint32_t>(step.definition)) {  // null here, or an empty list
          if (step.repeated && slot->kind != RowTree::Kind::Array) slot->kind = RowTree::Kind::Array;
          else if (slot->kind == RowTree::Kind::Unset) slot->kind = RowTree::Kind::Null;
          break;
        }
        if (step.repeated) {
          slot->kind = RowTree::Kind::Array;
          // A new element at the level the entry repeats at and below it.
          if (static_cast<std::uint32_t>(step.repetition) >= r || element[k] < 0) {
            ++element[k];
            std::fill(element.begin() + static_cast<std::ptrdiff_t>(k) + 1, element.end(), -1);
            if (slot->values.size() <= static_cast<std::size_t>(element[k]))
              slot->values.resize(static_cast<std::size_t>(element[k]) + 1);
          }
          slot = &slot->values[static_cast<std::size_t>(element[k])];
        }
        if (k + 1 == col.path.size()) {
          slot->kind = RowTree::Kind::Leaf;
          slot->leaf = std::move(m_values[c][e]);
        } else {
          slot->kind = RowTree::Kind::Object;
          slot = &slot->field(col.path[k + 1].name);
        }
      }
    }
    m_cursor[c] = end;
  }
  ++m_cursorRow;
  row = Value::makeObject(m_fields.size());
  for (const SchemaNode& f : m_fields) row.append(f.name, nodeValue(tree.find(f.name), f));
  ++m_position;
  return true;
}

Status ParquetReader::loadRowGroup(std::size_t index) {
  m_group = SIZE_MAX;
  m_reps.resize(m_columns.size());
  m_defs.resize(m_columns.size());
  m_cursor.assign(m_columns.size(), 0);
  m_cursorRow = 0;
  for (std::size_t c = 0; c < m_columns.size(); ++c) {
    m_values[c].clear();
    if (Status s = readChunk(index, c, m_values[c], m_reps[c], m_defs[c]); !s) return s;
  }
  m_group = index;
  return {};
}

Status ParquetReader::readChunk(std::size_t group, std::size_t column, std::vector<Value>& out,
                                std::vector<std::uint32_t>& repetitions, std::vector<std::uint32_t>& definitions) {
  const Column& col = m_columns[column];
  const ColumnChunk& chunk = m_meta.rowGroups[group].columns[column];
  const std::int64_t rows = m_meta.rowGroups[group].numRows;
  std::string what = "row group " + std::to_string(group) + ", column \"" + col.name + "\": ";
  if (!chunk.filePath.empty())
    return makeError(ErrorCode::Unsupported, what + "its data is in another file (" + chunk.filePath + ")", m_name);
  if (!chunk.metaData) return error(what + "the column chunk has no metadata");
  const ColumnMetaData& m = *chunk.metaData;
  if (m.type != col.type)
    return error(what + "the chunk's type " + toString(m.type) + " differs from the schema's " + toString(col.type));
  if (m.codec != Codec::Uncompressed && m.codec != Codec::Snappy && m.codec != Codec::Gzip && m.codec != Codec::Zstd)
    return makeError(
        ErrorCode::Unsupported,
        what + "compression codec " + toString(m.codec) + " is not supported (none, snappy, gzip and zstd are)",
        m_name);
  std::int64_t start = m.dataPageOffset;
  if (m.dictionaryPageOffset && *m.dictionaryPageOffset > 0 && *m.dictionaryPageOffset < start)
    start = *m.dictionaryPageOffset;
  std::int64_t dataEnd = static_cast<std::int64_t>(m_source->size) - static_cast<std::int64_t>(kFooterTail);
  if (start < 4 || m.totalCompressedSize <= 0 || m.totalCompressedSize > dataEnd - start)
    return error(what + "the column chunk (" + std::to_string(m.totalCompressedSize) + " bytes at byte " +
                 std::to_string(start) + ") lies outside the file");
  // num_values counts level entries: one per row for a column without
  // repeated levels, one per list element (or empty list) otherwise.
  if (col.maxRepetition == 0 && m.numValues != rows)
    return error(what + "the chunk holds " + std::to_string(m.numValues) + " values for " + std::to_string(rows) +
                 " rows");
  if (col.maxRepetition > 0 && (m.numValues < rows || static_cast<std::uint64_t>(m.numValues) > kMaxCells))
    return error(what + "the chunk holds " + std::to_string(m.numValues) + " entries for " + std::to_string(rows) +
                 " rows");
  const std::int64_t entries = m.numValues;
  const bool levelsOut = m_nested;
  repetitions.clear();
  definitions.clear();
  std::string data;
  if (Status s =
          m_source->read(static_cast<std::uint64_t>(start), static_cast<std::size_t>(m.totalCompressedSize), data);
      !s)
    return error(what + s.error().message, start);

  out.reserve(static_cast<std::size_t>(std::min<std::int64_t>(entries, 1 << 20)));
  std::vector<Value> dictionary;
  bool haveDictionary = false;
  std::vector<std::uint32_t> levels, repLevels, indices;
  const int defWidth = bitWidthFor(static_cast<std::uint32_t>(col.maxDefinition));
  const int repWidth = bitWidthFor(static_cast<std::uint32_t>(col.maxRepetition));
  std::string page;
  std::size_t pos = 0;
  using As = Column::As;

  // One PLAIN value at p (which has `left` bytes); returns its size or 0 when it does not fit.
  auto plainValue = [&](const char* p, std::size_t left, Value& v) -> std::size_t {
    std::size_t n = 0;
    switch (col.type) {
      case PhysicalType::Int32: {
        if (left < 4) return 0;
        std::int32_t i = getLe<std::int32_t>(p);
        if (col.as == As::Decimal)
          v = Value::decimal(decimalText(i, col.scale));
        else if (col.as == As::Date) {
          record::CivilTime t = record::civilFromMicros(saturate(static_cast<Int128>(i) * 86400000000LL));
          char buf[32];
          std::snprintf(buf, sizeof buf, "%04lld-%02d-%02d", static_cast<long long>(t.year), t.month, t.day);
          v = Value(std::string(buf));
        } else
          v = Value(std::int64_t{i});
        return 4;
      }
      case PhysicalType::Int64: {
        if (left < 8) return 0;
        std::int64_t i = getLe<std::int64_t>(p);
        switch (col.as) {
          case As::Decimal:
            v = Value::decimal(decimalText(i, col.scale));
            break;
          case As::TimestampMillis:
            v = Value::timestampMicros(saturate(static_cast<Int128>(i) * 1000));
            break;
          case As::TimestampMicros:
            v = Value::timestampMicros(i);
            break;
          case As::TimestampNanos:
            v = Value::timestampMicros(i >= 0 ? i / 1000 : -((-(i + 1)) / 1000) - 1);
            break;
          default:
            v = Value(i);
        }
        return 8;
      }
      case PhysicalType::Int96: {
        if (left < 12) return 0;
        std::int64_t nanos = getLe<std::int64_t>(p);
        std::int64_t day = getLe<std::int32_t>(p + 8);
        v = Value::timestampMicros(saturate(static_cast<Int128>(day - kJulianEpochDay) * 86400000000LL + nanos / 1000));
        return 12;
      }
      case PhysicalType::Float:
        if (left < 4) return 0;
        v = Value(static_cast<double>(getLe<float>(p)));
        return 4;
      case PhysicalType::Double:
        if (left < 8) return 0;
        v = Value(getLe<double>(p));
        return 8;
      case PhysicalType::ByteArray:
      case PhysicalType::FixedLenByteArray: {
        std::size_t head = 0;
        if (col.type == PhysicalType::ByteArray) {
          if (left < 4) return 0;
          n = getLe<std::uint32_t>(p);
          head = 4;
        } else {
          n = static_cast<std::size_t>(col.typeLength);
        }
        if (n > left - head) return 0;
        std::string_view b(p + head, n);
        Int128 unscaled;
        if (col.as == As::String)
          v = Value(b);
        else if (col.as == As::Decimal && bigEndianToInt128(b, unscaled))
          v = Value::decimal(decimalText(unscaled, col.scale));
        else if (col.as == As::Uuid && n == 16)
          v = Value(uuidText(b));
        else
          v = Value::bytes(std::string(b));
        return head + n;
      }
      case PhysicalType::Boolean:
        break;  // bit-packed: handled by the caller
    }
    return 0;
  };

  // Decodes `count` PLAIN values from `data` into `values`.
  auto decodePlain = [&](std::string_view in, std::size_t count, std::vector<Value>& values) -> Status {
    values.clear();
    values.reserve(count);
    if (col.type == PhysicalType::Boolean) {
      if (in.size() * 8 < count) return makeError(ErrorCode::Invalid, "PLAIN booleans end early");
      for (std::size_t i = 0; i < count; ++i)
        values.emplace_back(((static_cast<std::uint8_t>(in[i / 8]) >> (i % 8)) & 1) != 0);
      return {};
    }
    std::size_t at = 0;
    for (std::size_t i = 0; i < count; ++i) {
      Value v;
      std::size_t n = plainValue(in.data() + at, in.size() - at, v);
      if (n == 0)
        return makeError(ErrorCode::Invalid,
                         "PLAIN values end after " + std::to_string(i) + " of " + std::to_string(count));
      at += n;
      values.push_back(std::move(v));
    }
    return {};
  };

  // The DELTA_* and BYTE_STREAM_SPLIT encodings, rewritten as PLAIN bytes.
  auto toPlain = [&](Encoding encoding, std::string_view in, std::size_t count, std::string& plain) -> Status {
    auto putLe = [&](auto v) {
      char b[sizeof v];
      std::memcpy(b, &v, sizeof v);
      plain.append(b, sizeof v);
    };
    std::vector<std::int64_t> ints;
    std::size_t consumed = 0;
    if (encoding == Encoding::ByteStreamSplit) {
      std::size_t width = col.type == PhysicalType::Float || col.type == PhysicalType::Int32    ? 4
                          : col.type == PhysicalType::Double || col.type == PhysicalType::Int64 ? 8
                          : col.type == PhysicalType::FixedLenByteArray ? static_cast<std::size_t>(col.typeLength)
                                                                        : 0;
      if (width == 0) return makeError(ErrorCode::Unsupported, "not defined for " + toString(col.type));
      if (in.size() / width < count) return makeError(ErrorCode::Invalid, "the streams end early");
      plain.resize(count * width);
      for (std::size_t i = 0; i < count; ++i)
        for (std::size_t b = 0; b < width; ++b) plain[i * width + b] = in[b * count + i];
      return {};
    }
    if (encoding == Encoding::DeltaBinaryPacked) {
      if (col.type != PhysicalType::Int32 && col.type != PhysicalType::Int64)
        return makeError(ErrorCode::Invalid, "not defined for " + toString(col.type));
      if (Status s = decodeDeltaBinaryPacked(in, count, ints, consumed); !s) return s;
      for (std::int64_t v : ints) {
        if (col.type == PhysicalType::Int32)
          putLe(static_cast<std::int32_t>(static_cast<std::uint32_t>(v)));
        else
          putLe(v);
      }
      return {};
    }
    if (col.type != PhysicalType::ByteArray)
      return makeError(ErrorCode::Invalid, "not defined for " + toString(col.type));
    std::vector<std::int64_t> prefixes;
    if (encoding == Encoding::DeltaByteArray) {
      if (Status s = decodeDeltaBinaryPacked(in, count, prefixes, consumed); !s) return s;
      in.remove_prefix(consumed);
    }
    if (Status s = decodeDeltaBinaryPacked(in, count, ints, consumed); !s) return s;
    std::string_view data = in.substr(consumed);
    std::string previous;
    for (std::size_t i = 0; i < count; ++i) {
      std::int64_t length = ints[i];
      if (length < 0 || static_cast<std::uint64_t>(length) > data.size())
        return makeError(ErrorCode::Invalid, "value length " + std::to_string(length) + " runs past the page");
      std::string_view suffix = data.substr(0, static_cast<std::size_t>(length));
      data.remove_prefix(static_cast<std::size_t>(length));
      std::string value;
      if (!prefixes.empty()) {
        if (prefixes[i] < 0 || static_cast<std::uint64_t>(prefixes[i]) > previous.size())
          return makeError(ErrorCode::Invalid,
                           "prefix length " + std::to_string(prefixes[i]) + " exceeds the previous value");
        value.assign(previous, 0, static_cast<std::size_t>(prefixes[i]));
      }
      value.append(suffix);
      if (value.size() > UINT32_MAX) return makeError(ErrorCode::Invalid, "a value is larger than 4 GiB");
      putLe(static_cast<std::uint32_t>(value.size()));
      plain += value;
      if (!prefixes.empty()) previous = std::move(value);
    }
    return {};
  };

  std::vector<Value> pageValues;
  while (static_cast<std::int64_t>(out.size()) < entries) {
    std::int64_t pageOffset = start + static_cast<std::int64_t>(pos);
    if (pos >= data.size())
      return error(what + "the column chunk ends after " + std::to_string(out.size()) + " of " +
                       std::to_string(entries) + " values",
                   pageOffset);
    std::size_t headerLength = 0;
    auto header = parsePageHeader(std::string_view(data).substr(pos), headerLength);
    if (!header) return error(what + header.error().message, pageOffset);
    const PageHeader& h = *header;
    pos += headerLength;
    if (static_cast<std::size_t>(h.compressedPageSize) > data.size() - pos)
      return error(
          what + "a page of " + std::to_string(h.compressedPageSize) + " bytes runs past the column chunk's end",
          pageOffset);
    std::string_view body(data.data() + pos, static_cast<std::size_t>(h.compressedPageSize));
    pos += body.size();
    if (h.uncompressedPageSize > (1 << 30))
      return error(what + "a page claims " + std::to_string(h.uncompressedPageSize) + " bytes uncompressed",
                   pageOffset);
    auto fail = [&](const std::string& message) { return error(what + message, pageOffset); };

    if (h.type == PageType::DictionaryPage) {
      if (!h.dictionaryPage) return fail("a dictionary page without its header");
      if (haveDictionary) return fail("a second dictionary page");
      if (h.dictionaryPage->encoding != Encoding::Plain && h.dictionaryPage->encoding != Encoding::PlainDictionary)
        return makeError(ErrorCode::Unsupported,
                         what + "dictionary encoding " + toString(h.dictionaryPage->encoding) + " is not supported",
                         m_name);
      if (h.dictionaryPage->numValues < 0 || static_cast<std::size_t>(h.dictionaryPage->numValues) >
                                                 static_cast<std::size_t>(h.uncompressedPageSize) * 8 + 8)
        return fail("a dictionary page with a corrupt value count");
      page.clear();
      if (Status s = decompress(m.codec, body, static_cast<std::size_t>(h.uncompressedPageSize), page); !s)
        return fail(s.error().message);
      if (Status s = decodePlain(page, static_cast<std::size_t>(h.dictionaryPage->numValues), dictionary); !s)
        return fail("dictionary page: " + s.error().message);
      haveDictionary = true;
      continue;
    }
    if (h.type != PageType::DataPage && h.type != PageType::DataPageV2) continue;  // index pages and others: skip

    std::size_t numValues;
    Encoding encoding;
    std::string_view levelData, repData, valueData;
    page.clear();
    if (h.type == PageType::DataPage) {
      if (!h.dataPage) return fail("a data page without its header");
      if (h.dataPage->numValues < 0) return fail("a negative value count");
      numValues = static_cast<std::size_t>(h.dataPage->numValues);
      encoding = h.dataPage->encoding;
      if (Status s = decompress(m.codec, body, static_cast<std::size_t>(h.uncompressedPageSize), page); !s)
        return fail(s.error().message);
      std::string_view rest = page;
      if (col.maxRepetition > 0) {  // repetition levels first, RLE behind a 4-byte length
        if (h.dataPage->repetitionLevelEncoding != Encoding::Rle)
          return makeError(ErrorCode::Unsupported,
                           what + "repetition levels encoded " + toString(h.dataPage->repetitionLevelEncoding) +
                               " are not supported (RLE is)",
                           m_name);
        if (rest.size() < 4) return fail("the repetition levels end early");
        std::uint32_t n = getLe<std::uint32_t>(rest.data());
        if (n > rest.size() - 4)
          return fail("the repetition levels' length " + std::to_string(n) + " runs past the page");
        repData = rest.substr(4, n);
        rest.remove_prefix(4 + n);
      }
      if (col.maxDefinition > 0) {
        if (h.dataPage->definitionLevelEncoding != Encoding::Rle)
          return makeError(ErrorCode::Unsupported,
                           what + "definition levels encoded " + toString(h.dataPage->definitionLevelEncoding) +
                               " are not supported (RLE is)",
                           m_name);
        if (rest.size() < 4) return fail("the definition levels end early");
        std::uint32_t n = getLe<std::uint32_t>(rest.data());
        if (n > rest.size() - 4)
          return fail("the definition levels' length " + std::to_string(n) + " runs past the page");
        levelData = rest.substr(4, n);
        rest.remove_prefix(4 + n);
      }
      valueData = rest;
    } else {
      if (!h.dataPageV2) return fail("a data page v2 without its header");
      const DataPageHeaderV2& v2 = *h.dataPageV2;
      if (v2.numValues < 0 || v2.definitionLevelsByteLength < 0 || v2.repetitionLevelsByteLength < 0)
        return fail("a corrupt data page v2 header");
      numValues = static_cast<std::size_t>(v2.numValues);
      encoding = v2.encoding;
      // Repetition levels, then definition levels, both uncompressed and without a length prefix.
      std::size_t repLength = static_cast<std::size_t>(v2.repetitionLevelsByteLength);
      std::size_t levelsLength = repLength + static_cast<std::size_t>(v2.definitionLevelsByteLength);
      if (levelsLength > body.size() || levelsLength > static_cast<std::size_t>(h.uncompressedPageSize))
        return fail("the levels' length runs past the page");
      repData = body.substr(0, repLength);
      levelData = body.substr(repLength, levelsLength - repLength);
      std::string_view compressed = body.substr(levelsLength);
      std::size_t valuesSize = static_cast<std::size_t>(h.uncompressedPageSize) - levelsLength;
      if (v2.isCompressed && m.codec != Codec::Uncompressed) {
        if (Status s = decompress(m.codec, compressed, valuesSize, page); !s) return fail(s.error().message);
        valueData = page;
      } else {
        if (compressed.size() != valuesSize) return fail("the page's sizes do not add up");
        valueData = compressed;
      }
    }
    if (numValues > static_cast<std::size_t>(entries) - out.size())
      return fail("the page holds " + std::to_string(numValues) + " values, more than the column chunk's " +
                  std::to_string(entries));

    // Which of the page's values are present (defined down to the leaf).
    std::size_t present = numValues;
    if (col.maxRepetition > 0) {
      if (Status s = decodeRle(repData, repWidth, numValues, static_cast<std::uint32_t>(col.maxRepetition), repLevels);
          !s)
        return fail("repetition levels: " + s.error().message);
      if (out.empty() && numValues > 0 && repLevels[0] != 0)
        return fail("the column chunk does not start at a row (repetition level " + std::to_string(repLevels[0]) + ")");
    }
    if (col.maxDefinition > 0) {
      const auto maxDefinition = static_cast<std::uint32_t>(col.maxDefinition);
      if (Status s = decodeRle(levelData, defWidth, numValues, maxDefinition, levels); !s)
        return fail("definition levels: " + s.error().message);
      present = static_cast<std::size_t>(std::count(levels.begin(), levels.end(), maxDefinition));
    }
    if (encoding == Encoding::Plain) {
      if (Status s = decodePlain(valueData, present, pageValues); !s) return fail(s.error().message);
    } else if (encoding == Encoding::DeltaBinaryPacked || encoding == Encoding::DeltaLengthByteArray ||
               encoding == Encoding::DeltaByteArray || encoding == Encoding::ByteStreamSplit) {
      // Re-encoded as PLAIN, then read as such: one place converts values.
      std::string plain;
      if (Status s = toPlain(encoding, valueData, present, plain); !s)
        return fail(toString(encoding) + ": " + s.error().message);
      if (Status s = decodePlain(plain, present, pageValues); !s) return fail(s.error().message);
    } else if (encoding == Encoding::Rle && col.type == PhysicalType::Boolean) {
      // Booleans as one RLE/bit-packed run of width 1 behind a 4-byte length.
      if (valueData.size() < 4) return fail("RLE booleans end early");
      std::uint32_t n = getLe<std::uint32_t>(valueData.data());
      if (n > valueData.size() - 4)
        return fail("the RLE booleans' length " + std::to_string(n) + " runs past the page");
      if (Status s = decodeRle(valueData.substr(4, n), 1, present, 1, indices); !s)
        return fail("RLE booleans: " + s.error().message);
      pageValues.clear();
      pageValues.reserve(present);
      for (std::uint32_t b : indices) pageValues.emplace_back(b != 0);
    } else if (encoding == Encoding::PlainDictionary || encoding == Encoding::RleDictionary) {
      if (!haveDictionary) return fail("a dictionary-encoded page without a dictionary page before it");
      pageValues.clear();
      if (present > 0) {
        if (valueData.empty()) return fail("dictionary indices are missing");
        int width = static_cast<std::uint8_t>(valueData[0]);
        if (width > 32) return fail("dictionary index bit width " + std::to_string(width) + " is out of range");
        if (dictionary.empty()) return fail("dictionary indices into an empty dictionary");
        if (Status s = decodeRle(valueData.substr(1), width, present, static_cast<std::uint32_t>(dictionary.size() - 1),
                                 indices);
            !s)
          return fail("dictionary indices: " + s.error().message);
        pageValues.reserve(present);
        for (std::uint32_t i : indices) pageValues.push_back(dictionary[i]);
      }
    } else {
      return makeError(ErrorCode::Unsupported,
                       what + "value encoding " + toString(encoding) +
                           " is not supported (PLAIN, dictionary, RLE booleans, DELTA_* and BYTE_STREAM_SPLIT are)",
                       m_name);
    }
    if (pageValues.size() != present)
      return fail("the page holds " + std::to_string(pageValues.size()) + " values for " + std::to_string(present) +
                  " defined entries");
    if (levelsOut) {
      for (std::size_t i = 0; i < numValues; ++i) {
        repetitions.push_back(col.maxRepetition > 0 ? repLevels[i] : 0);
        definitions.push_back(col.maxDefinition > 0 ? levels[i] : 0);
      }
    }
    if (col.maxDefinition == 0) {
      for (Value& v : pageValues) out.push_back(std::move(v));
    } else {
      std::size_t next = 0;
      const auto maxDefinition = static_cast<std::uint32_t>(col.maxDefinition);
      for (std::uint32_t level : levels) out.push_back(level == maxDefinition ? std::move(pageValues[next++]) : Value());
    }
  }
  return {};
}

}  // namespace tributary::parquet

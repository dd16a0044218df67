// sink.stdout: prints record values as JSON lines on standard output, for a
// quick look at what a pipeline produces. Standard output may be a pipe that
// is read slowly, so the sink runs on a thread of its own (blocking()).
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "core/connectors/registration.h"
#include "core/record/json.h"
#include "core/runtime/node_config.h"

namespace tributary::connectors {
namespace {

class StdoutSink final : public runtime::Sink {
 public:
  explicit StdoutSink(bool withKey) : m_withKey(withKey) {}

  Status open(runtime::ErrorReporter&) override { return {}; }

  Result<std::uint64_t> write(const record::Batch& batch, runtime::ErrorReporter&) override {
    m_buffer.clear();
    for (const record::Record& r : batch) {
      if (m_withKey) {
        record::appendJson(r.key, m_buffer);
        m_buffer.push_back('\t');
      }
      record::appendJson(r.value, m_buffer);
      m_buffer.push_back('\n');
    }
    std::size_t done = 0;
    while (done < m_buffer.size()) {
      ssize_t n = ::write(STDOUT_FILENO, m_buffer.data() + done, m_buffer.size() - done);
      if (n < 0) {
        if (errno == EINTR) continue;
        return makeError(ErrorCode::Io, std::string("cannot write to standard output: ") + std::strerror(errno));
      }
      done += static_cast<std::size_t>(n);
    }
    return static_cast<std::uint64_t>(m_buffer.size());
  }

  bool blocking() const override { return true; }

 private:
  bool m_withKey;
  std::string m_buffer;
};

}  // namespace

void registerStdoutSink(runtime::FactoryRegistry& registry) {
  runtime::NodeFactory f;
  model::NodeSpec& s = f.spec;
  s.type = "sink.stdout";
  s.category = model::NodeCategory::Sink;
  s.title = "Standard output";
  s.icon = "terminal";
  s.help =
      "Prints each record's value as one line of JSON on standard output, for a quick look at what a "
      "pipeline produces (tributary-runner prints its status on standard error, so the two do not mix).";
  s.inputs = {{"in",
               model::PortKind::Records,
               {model::PortKind::Records, model::PortKind::Changes, model::PortKind::Any},
               true}};
  model::FieldSpec key;
  key.name = "include_key";
  key.type = model::FieldType::Bool;
  key.help = "Print the record key (as JSON) and a tab before the value.";
  key.defaultValue = false;
  s.fields.push_back(key);
  f.sink = [](const runtime::NodeContext& ctx) -> Result<std::unique_ptr<runtime::Sink>> {
    runtime::NodeConfig config(ctx.config);
    bool includeKey = config.boolean("include_key");
    if (Status s = config.status(); !s) return s.error();
    return std::unique_ptr<runtime::Sink>(std::make_unique<StdoutSink>(includeKey));
  };
  registry.add(std::move(f));
}

}  // namespace tributary::connectors

#pragma once
// The tributary-runner command line: a table of sub-commands, each a function
// from arguments to an exit code. Sub-commands live in their own files and are
// listed in cli.cpp.

#include <functional>
#include <string>
#include <vector>

namespace tributary::cli {

// Exit codes shared by all sub-commands.
inline constexpr int kExitOk = 0;
inline constexpr int kExitInvalid = 1;     // the input was read but is not acceptable (invalid pipeline)
inline constexpr int kExitBadInput = 2;    // unreadable or malformed input, or bad usage
inline constexpr int kExitFailure = 3;     // a run failed

struct Command {
  std::string name;
  std::string summary;  // one line for the overview
  std::string usage;    // full help text
  std::function<int(const std::vector<std::string>& args)> run;
};

// Simple flag parsing shared by the sub-commands: "--name value", "--name=value", "--flag".
class Args {
 public:
  explicit Args(std::vector<std::string> args) : m_args(std::move(args)) {}
  bool flag(const std::string& name);                    // removes it when present
  bool option(const std::string& name, std::string& out);  // removes it and its value
  // Whatever is left must be positionals; an unknown "--x" is reported.
  bool positionals(std::vector<std::string>& out, std::string& error) const;

 private:
  std::vector<std::string> m_args;
};

// --state-memory SIZE (run, serve): the memory budget of the aggregate and
// join state stores of this process. False (after printing why) when SIZE is bad.
bool stateMemoryOption(Args& args, const char* command);

int main(int argc, char** argv);
const std::vector<Command>& commands();

// Defined in their own files.
Command validateCommand();
Command typesCommand();
Command runCommand();
Command kafkaCommand();
Command brokerCommand();
Command serveCommand();    // remote runner API
Command sandboxCommand();  // local servers for templates
Command importConnectCommand();
Command exportConnectCommand();

}  // namespace tributary::cli

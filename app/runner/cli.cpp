#include "app/runner/cli.h"

#include <algorithm>
#include <cstdio>
#include <iostream>

#include "core/base/log.h"
#include "core/base/units.h"
#include "core/stream/state_store.h"
#include "tributary_version.h"

namespace tributary::cli {

bool stateMemoryOption(Args& args, const char* command) {
  std::string text;
  if (!args.option("--state-memory", text)) return true;
  auto bytes = base::parseSizeBytes(nlohmann::json(text));
  if (!bytes || *bytes < (16ll << 20)) {
    std::cerr << command << ": --state-memory needs a size of at least 16MiB, such as 256MiB or 2GiB, not '" << text
              << "'\n";
    return false;
  }
  stream::setStateMemoryBudget(static_cast<std::uint64_t>(*bytes));
  return true;
}

bool Args::flag(const std::string& name) {
  for (auto it = m_args.begin(); it != m_args.end(); ++it)
    if (*it == name) {
      m_args.erase(it);
      return true;
    }
  return false;
}

bool Args::option(const std::string& name, std::string& out) {
  for (auto it = m_args.begin(); it != m_args.end(); ++it) {
    if (*it == name && it + 1 != m_args.end()) {
      out = *(it + 1);
      m_args.erase(it, it + 2);
      return true;
    }
    if (it->rfind(name + "=", 0) == 0) {
      out = it->substr(name.size() + 1);
      m_args.erase(it);
      return true;
    }
  }
  return false;
}

bool Args::positionals(std::vector<std::string>& out, std::string& error) const {
  for (const std::string& arg : m_args) {
    if (arg.size() > 1 && arg[0] == '-' && arg != "-") {
      error = "unknown option " + arg;
      return false;
    }
    out.push_back(arg);
  }
  return true;
}

const std::vector<Command>& commands() {
  static const std::vector<Command> list = {validateCommand(), runCommand(), typesCommand(), kafkaCommand(), brokerCommand(),
                                                serveCommand(), sandboxCommand(), importConnectCommand(), exportConnectCommand()};
  return list;
}

namespace {

void printOverview() {
  std::cout << "tributary-runner " << kVersion << " — run and inspect Tributary pipelines without the GUI\n\n"
            << "Usage: tributary-runner COMMAND [OPTIONS]\n\nCommands:\n";
  std::size_t width = 0;
  for (const Command& c : commands()) width = std::max(width, c.name.size());
  for (const Command& c : commands()) {
    std::string name = c.name;
    name.resize(width + 2, ' ');  // two spaces at least: the bash completion splits on them
    std::cout << "  " << name << c.summary << "\n";
  }
  std::cout << "\nOptions:\n  --help       show help (also: tributary-runner COMMAND --help)\n"
               "  --version    show the version\n"
               "  --verbose    log debug messages\n\n"
               "Logs also go to "
            << (log::stateDirectory() / "tributary.log").string() << "\n";
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
    if (args.size() > 1 && args[0] == "help") args = {args[1], "--help"};
    else {
      printOverview();
      return args.empty() ? kExitBadInput : kExitOk;
    }
  }
  if (args[0] == "--version" || args[0] == "-V") {
    std::cout << "tributary-runner " << kVersion << "\n";
    return kExitOk;
  }
  for (const Command& command : commands()) {
    if (command.name != args[0]) continue;
    std::vector<std::string> rest(args.begin() + 1, args.end());
    for (const std::string& a : rest)
      if (a == "--help" || a == "-h") {
        std::cout << command.usage;
        return kExitOk;
      }
    log::Options logOptions;
    auto verbose = std::find(rest.begin(), rest.end(), "--verbose");
    if (verbose != rest.end()) {
      logOptions.level = spdlog::level::debug;
      rest.erase(verbose);
    }
    log::init(logOptions);
    return command.run(rest);
  }
  std::cerr << "tributary-runner: unknown command '" << args[0] << "'. Run 'tributary-runner --help' for the list.\n";
  return kExitBadInput;
}

}  // namespace tributary::cli

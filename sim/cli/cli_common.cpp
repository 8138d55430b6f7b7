// What the CLI subcommands share: reading a command line with Boost.Program_options.
#include "sim/cli/cli_common.hpp"

#include <fmt/format.h>

#include "sim/core/error.hpp"

namespace po = boost::program_options;

namespace servesim::cli {

po::variables_map parse_command_line(const Args& args, const po::options_description& options,
                                     const po::positional_options_description& positional) {
  po::variables_map vm;
  try {
    po::store(po::command_line_parser(args).options(options).positional(positional).run(), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    throw InputError(fmt::format("command line: {}", e.what()));
  }
  return vm;
}

}  // namespace servesim::cli

// What the CLI subcommands share: reading a command line with Boost.Program_options.
#pragma once

#include <boost/program_options.hpp>

#include "sim/cli/commands.hpp"

namespace servesim::cli {

/// Parses `args` against `options` and `positional`; a Boost.Program_options error becomes an
/// InputError "command line: <what>".
boost::program_options::variables_map parse_command_line(
    const Args& args, const boost::program_options::options_description& options,
    const boost::program_options::positional_options_description& positional);

}  // namespace servesim::cli

// Reading a whole input file into a string.
#pragma once

#include <string>

namespace servesim {

/// The bytes of the file at `path`, unchanged. Throws InputError "<path>: cannot open file".
std::string read_text_file(const std::string& path);

}  // namespace servesim

// Output files written to a temporary name and renamed into place on success.
#pragma once

#include <string>

namespace servesim {

/// Writes `content` to `path` atomically: a failed write leaves no file and never damages an
/// existing one. Throws InputError when the directory is not writable.
void write_file_atomically(const std::string& path, const std::string& content);
/// A temporary path beside `path`, with its extension, for writers that produce the file
/// themselves (HDF5, the chart).
std::string temporary_path_for(const std::string& path);
/// Renames `tmp` onto `path`, or removes `tmp` and throws.
void commit_temporary(const std::string& tmp, const std::string& path);

}  // namespace servesim

// All output files of one command: checked before any work (the directory exists and is
// writable, the path is not a directory, no two outputs are the same file), written to
// temporaries, and renamed into place together only when every one was written. A command
// that fails leaves every earlier output as it was.
#pragma once

#include <string>
#include <vector>

namespace servesim {

class OutputSet {
 public:
  OutputSet() = default;
  OutputSet(const OutputSet&) = delete;
  OutputSet& operator=(const OutputSet&) = delete;
  /// Removes the temporaries of outputs not committed.
  ~OutputSet();

  /// Declares an output; `option` names it in messages ("--output"). Throws InputError "<path>:
  /// <option>: <reason>" when it cannot be written or repeats another output. Empty: ignored.
  void add(const std::string& path, const std::string& option);
  /// The temporary a writer that makes the file itself (HDF5, the plot) writes to.
  std::string staging_path(const std::string& path) const;
  /// Writes `content` to the output's temporary.
  void stage(const std::string& path, const std::string& content) const;
  /// Forgets an optional output that could not be made (its temporary is removed).
  void drop(const std::string& path);
  /// Renames every staged temporary into place.
  void commit();

 private:
  struct Entry {
    std::string path, option, tmp, key;
  };
  const Entry& find(const std::string& path) const;
  std::vector<Entry> entries_;
  bool committed_ = false;
};

}  // namespace servesim

#pragma once
// Where the lake writer stores complete files: a local folder (LocalStorage)
// or an S3 bucket (S3Storage, core/connectors/s3_client.h). Keys are
// '/'-separated paths relative to the lake's root.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/result.h"

namespace tributary::connectors::lake {

class LakeStorage {
 public:
  virtual ~LakeStorage() = default;
  // Checks the storage can be written (folder exists or can be made, bucket answers).
  virtual Status check() = 0;
  // Stores a complete file atomically: readers see the whole file or nothing,
  // and once put() returns it survives a crash. Replacing a key is allowed.
  // `lastOffset` is the source position of the file's last record, kept
  // beside the file (not in its content) so a restart knows where it ends.
  virtual Status put(const std::string& key, std::string_view bytes, std::int64_t lastOffset) = 0;
  // Stores several files as put() does, in order: a file is visible only
  // once every file before it survives a crash. `stored` is how many of
  // them, from the first, are stored when it returns (all of them, unless
  // it returns an error). This one calls put() for each; a store that can
  // share work between files (one folder sync for several) does so.
  struct File {
    std::string_view key;
    std::string_view bytes;
    std::int64_t lastOffset = 0;
  };
  virtual Status putAll(const std::vector<File>& files, std::size_t& stored);
  // What put() kept as `lastOffset`, or nullopt when the file has none.
  virtual Result<std::optional<std::int64_t>> lastOffset(const std::string& key) = 0;
  // Every key that starts with `prefix`, in any order (files being written are not listed).
  virtual Result<std::vector<std::string>> list(const std::string& prefix) = 0;
  virtual Result<std::string> get(const std::string& key) = 0;
  // "/data/lake" or "s3://bucket", for messages.
  virtual std::string describe() const = 0;
};

inline Status LakeStorage::putAll(const std::vector<File>& files, std::size_t& stored) {
  for (stored = 0; stored < files.size(); ++stored) {
    const File& f = files[stored];
    if (Status s = put(std::string(f.key), f.bytes, f.lastOffset); !s) return s;
  }
  return {};
}

// A folder on the local disk. put() writes "<dir>/.<name>.tmp", fsyncs it,
// renames it into place and fsyncs the folder (and any folder it created).
// The last offset goes into the hidden file "<dir>/.<name>.last", renamed
// into the same folder before the file itself. putAll() syncs a folder once
// for a run of files renamed into it, and before renaming a file into
// another folder, so a file never survives a crash that an earlier one
// does not.
class LocalStorage final : public LakeStorage {
 public:
  explicit LocalStorage(std::string root) : m_root(std::move(root)) {}
  Status check() override;
  Status put(const std::string& key, std::string_view bytes, std::int64_t lastOffset) override;
  Status putAll(const std::vector<File>& files, std::size_t& stored) override;
  Result<std::optional<std::int64_t>> lastOffset(const std::string& key) override;
  Result<std::vector<std::string>> list(const std::string& prefix) override;
  Result<std::string> get(const std::string& key) override;
  std::string describe() const override { return m_root; }

 private:
  std::string m_root;
};

}  // namespace tributary::connectors::lake

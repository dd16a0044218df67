#pragma once
// Column-aligned text tables for the CLI's human-readable output.

#include <iostream>
#include <string>
#include <vector>

namespace tributary::cli {

class Table {
 public:
  explicit Table(std::vector<std::string> header) : m_rows{std::move(header)} {}
  void add(std::vector<std::string> row) { m_rows.push_back(std::move(row)); }
  void print(std::ostream& out) const {
    std::vector<std::size_t> widths;
    for (const auto& row : m_rows)
      for (std::size_t i = 0; i < row.size(); ++i) {
        if (widths.size() <= i) widths.push_back(0);
        widths[i] = std::max(widths[i], displayWidth(row[i]));
      }
    for (const auto& row : m_rows) {
      std::string line;
      for (std::size_t i = 0; i < row.size(); ++i) {
        line += row[i];
        if (i + 1 < row.size()) line += std::string(widths[i] - displayWidth(row[i]) + 2, ' ');
      }
      out << line << "\n";
    }
  }

 private:
  // UTF-8 aware enough for alignment: counts code points, not bytes.
  static std::size_t displayWidth(const std::string& s) {
    std::size_t n = 0;
    for (unsigned char c : s) n += (c & 0xC0) != 0x80;
    return n;
  }
  std::vector<std::vector<std::string>> m_rows;
};

}  // namespace tributary::cli

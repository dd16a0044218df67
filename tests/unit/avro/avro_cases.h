#pragma once
#include <string>
#include <vector>

namespace avro_cases {

// {"type":"record","name":NAME,"fields":[FIELDS]}
std::string rec(const std::string& name, const std::string& fields);

struct Case {
  const char* rule;
  std::string reader;
  std::string writer;
  bool readable;
  const char* kind;  // expected first incompatibility kind when not readable
};

// Reader/writer pairs with Avro's verdict; each names the rule it follows.
std::vector<Case> matrix();

// Schemas of the codec test.
std::string orderSchema();
std::string richSchema();
std::string writerV1();
std::string readerV2();

}  // namespace avro_cases

#pragma once
// source.datagen: generates realistic records from a template (users, orders,
// products, clickstream, iot), in the spirit of the seeds' Faker script, the
// Confluent clickstream generator and seed 004's product updates.
//
// Record i is a pure function of (seed, template, i): a run with a seed is
// reproducible, and resuming from a checkpoint (which stores i) continues the
// very same sequence. With a seed, the time fields of the values are synthetic
// too (2024-01-01 00:00:00Z plus one second per record); without one they are
// the wall clock. The source always stamps records with the wall clock, so
// that Kafka topics (whose retention goes by message time) keep them.

#include <cstdint>
#include <string_view>

#include "core/record/record.h"

namespace tributary::connectors {

enum class DatagenTemplate { Users, Orders, Products, Clickstream, Iot };

// The record number `index` of a template, as the source would emit it
// (exposed for tests and benchmarks). `nowMs` < 0: the synthetic seeded time.
record::Record generateRecord(DatagenTemplate tmpl, std::uint64_t seed, std::uint64_t index, std::int64_t nowMs = -1);

bool datagenTemplateFromString(std::string_view name, DatagenTemplate& out);

inline constexpr std::int64_t kDatagenEpochMs = 1704067200000;  // 2024-01-01T00:00:00Z

}  // namespace tributary::connectors

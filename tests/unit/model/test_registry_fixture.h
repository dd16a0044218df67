#pragma once
// A small registry of made-up node types for model tests, independent of the
// real connectors, so each validation rule can be hit on purpose.

#include "core/model/spec_registry.h"

namespace tributary::test {

inline model::SpecRegistry fixtureRegistry() {
  using namespace model;
  SpecRegistry r;
  PortSpec recordsIn{.name = "in", .kind = PortKind::Records};
  PortSpec recordsOut{.name = "out", .kind = PortKind::Records};
  r.add(NodeSpec{.type = "source.gen",
                 .category = NodeCategory::Source,
                 .title = "Generator",
                 .outputs = {recordsOut},
                 .fields = {
                     FieldSpec{.name = "rate", .type = FieldType::Int, .defaultValue = 100, .min = 0, .max = 1e6},
                     FieldSpec{.name = "template", .type = FieldType::Enum, .required = true,
                               .allowed = {"users", "orders"}},
                     FieldSpec{.name = "interval", .type = FieldType::Duration, .defaultValue = "1s", .min = 10},
                     FieldSpec{.name = "ratio", .type = FieldType::Double, .min = 0, .max = 1},
                     FieldSpec{.name = "enabled", .type = FieldType::Bool},
                 }});
  r.add(NodeSpec{.type = "source.cdc",
                 .category = NodeCategory::Source,
                 .outputs = {PortSpec{.name = "out", .kind = PortKind::Changes}},
                 .fields = {FieldSpec{.name = "password", .type = FieldType::Secret, .required = true}}});
  r.add(NodeSpec{.type = "transform.filter",
                 .category = NodeCategory::Transform,
                 .inputs = {recordsIn},
                 .outputs = {recordsOut},
                 .fields = {FieldSpec{.name = "where", .type = FieldType::Expression, .required = true}}});
  r.add(NodeSpec{.type = "transform.unwrap",
                 .category = NodeCategory::Transform,
                 .inputs = {PortSpec{.name = "in", .kind = PortKind::Changes}},
                 .outputs = {recordsOut}});
  r.add(NodeSpec{.type = "transform.join",
                 .category = NodeCategory::Transform,
                 .inputs = {PortSpec{.name = "left"}, PortSpec{.name = "right"}},
                 .outputs = {recordsOut}});
  r.add(NodeSpec{.type = "topic",
                 .category = NodeCategory::Topic,
                 .inputs = {PortSpec{.name = "in", .kind = PortKind::Any, .required = false}},
                 .outputs = {PortSpec{.name = "out", .kind = PortKind::Any, .required = false}},
                 .fields = {FieldSpec{.name = "name", .type = FieldType::String, .required = true}}});
  r.add(NodeSpec{.type = "sink.file",
                 .category = NodeCategory::Sink,
                 .inputs = {PortSpec{.name = "in", .kind = PortKind::Records,
                                     .accepts = {PortKind::Records, PortKind::Changes}}},
                 .fields = {FieldSpec{.name = "path", .type = FieldType::String, .required = true},
                            FieldSpec{.name = "max_size", .type = FieldType::Size, .max = 1e9},
                            FieldSpec{.name = "tags", .type = FieldType::List, .itemType = FieldType::String},
                            FieldSpec{.name = "props", .type = FieldType::Map}}});
  return r;
}

}  // namespace tributary::test

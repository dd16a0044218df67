// The compatibility matrix's schema pairs (kept out of the Q_OBJECT file:
// moc misreads raw strings with unbalanced brackets).
#include "avro_cases.h"

namespace avro_cases {

std::string rec(const std::string& name, const std::string& fields) {
  return R"({"type":"record","name":")" + name + R"(","fields":[)" + fields + "]}";
}

std::vector<Case> matrix() {
  const std::string enumAB = R"({"type":"enum","name":"E","symbols":["A","B"]})";
  const std::string enumABC = R"({"type":"enum","name":"E","symbols":["A","B","C"]})";
  const std::string node = R"({"type":"record","name":"Node","fields":[{"name":"v","type":"int"},)"
                           R"({"name":"next","type":["null","Node"],"default":null}]})";
  const std::string nodeLong = R"({"type":"record","name":"Node","fields":[{"name":"v","type":"long"},)"
                               R"({"name":"next","type":["null","Node"],"default":null},)"
                               R"({"name":"tag","type":"string","default":""}]})";
  return {
      // Primitives: "both schemas are of the same primitive type".
      {"same primitive", R"("int")", R"("int")", true, ""},
      {"same primitive (object form)", R"({"type":"string"})", R"("string")", true, ""},
      // Promotions: "int is promotable to long, float, or double".
      {"promotion int->long", R"("long")", R"("int")", true, ""},
      {"promotion int->float", R"("float")", R"("int")", true, ""},
      {"promotion int->double", R"("double")", R"("int")", true, ""},
      // "long is promotable to float or double".
      {"promotion long->float", R"("float")", R"("long")", true, ""},
      {"promotion long->double", R"("double")", R"("long")", true, ""},
      // "float is promotable to double".
      {"promotion float->double", R"("double")", R"("float")", true, ""},
      // "string is promotable to bytes"; "bytes is promotable to string".
      {"promotion string->bytes", R"("bytes")", R"("string")", true, ""},
      {"promotion bytes->string", R"("string")", R"("bytes")", true, ""},
      // No demotions: "if the schemas do not match, it is an error".
      {"no demotion long->int", R"("int")", R"("long")", false, "TYPE_MISMATCH"},
      {"no demotion double->float", R"("float")", R"("double")", false, "TYPE_MISMATCH"},
      {"no int->string", R"("string")", R"("int")", false, "TYPE_MISMATCH"},
      {"no null->boolean", R"("boolean")", R"("null")", false, "TYPE_MISMATCH"},
      {"no string->double", R"("double")", R"("string")", false, "TYPE_MISMATCH"},
      // Records: "the writer's fields not present in the reader are ignored".
      {"writer field ignored", rec("R", R"({"name":"a","type":"int"})"),
       rec("R", R"({"name":"a","type":"int"},{"name":"b","type":"string"})"), true, ""},
      // "if the reader's record has a field with no default value and the writer's has no field of that name,
      // an error is signalled".
      {"reader field without default", rec("R", R"({"name":"a","type":"int"},{"name":"b","type":"string"})"),
       rec("R", R"({"name":"a","type":"int"})"), false, "READER_FIELD_MISSING_DEFAULT_VALUE"},
      // "... the reader should use the default value from its field".
      {"reader field with default", rec("R", R"({"name":"a","type":"int"},{"name":"b","type":"string","default":"x"})"),
       rec("R", R"({"name":"a","type":"int"})"), true, ""},
      {"optional field with null default",
       rec("R", R"({"name":"a","type":"int"},{"name":"b","type":["null","string"],"default":null})"),
       rec("R", R"({"name":"a","type":"int"})"), true, ""},
      // "both schemas are records with the same (unqualified) name".
      {"record name mismatch", rec("R1", R"({"name":"a","type":"int"})"), rec("R2", R"({"name":"a","type":"int"})"),
       false, "NAME_MISMATCH"},
      {"same unqualified name, other namespace",
       R"({"type":"record","name":"R","namespace":"one","fields":[{"name":"a","type":"int"}]})",
       R"({"type":"record","name":"R","namespace":"two","fields":[{"name":"a","type":"int"}]})", true, ""},
      // Aliases: "a reader's aliases are used to match the writer's names" (types and fields).
      {"record alias", R"({"type":"record","name":"R1","aliases":["R2"],"fields":[{"name":"a","type":"int"}]})",
       rec("R2", R"({"name":"a","type":"int"})"), true, ""},
      {"field alias", rec("R", R"({"name":"b","aliases":["a"],"type":"int"})"), rec("R", R"({"name":"a","type":"int"})"),
       true, ""},
      {"renamed field without alias", rec("R", R"({"name":"b","type":"int"})"), rec("R", R"({"name":"a","type":"int"})"),
       false, "READER_FIELD_MISSING_DEFAULT_VALUE"},
      // "the types of fields with the same name are resolved recursively".
      {"field promotion int->long", rec("R", R"({"name":"a","type":"long"})"), rec("R", R"({"name":"a","type":"int"})"),
       true, ""},
      {"nested field demotion long->int",
       rec("R", R"({"name":"n","type":{"type":"record","name":"N","fields":[{"name":"x","type":"int"}]}})"),
       rec("R", R"({"name":"n","type":{"type":"record","name":"N","fields":[{"name":"x","type":"long"}]}})"), false,
       "TYPE_MISMATCH"},
      {"recursive record, promotion and new defaulted field", nodeLong, node, true, ""},
      // Enums: "if the writer's symbol is not present in the reader's enum and the reader has a default value,
      // then that value is used, otherwise an error is signalled".
      {"enum gains a symbol", enumABC, enumAB, true, ""},
      {"enum loses a symbol", enumAB, enumABC, false, "MISSING_ENUM_SYMBOLS"},
      {"enum loses a symbol, reader default", R"({"type":"enum","name":"E","symbols":["A","B"],"default":"A"})",
       enumABC, true, ""},
      {"enum name mismatch", R"({"type":"enum","name":"F","symbols":["A","B"]})", enumAB, false, "NAME_MISMATCH"},
      // Fixed: "both schemas are fixed with the same name and size".
      {"fixed same size", R"({"type":"fixed","name":"F","size":16})", R"({"type":"fixed","name":"F","size":16})", true,
       ""},
      {"fixed size mismatch", R"({"type":"fixed","name":"F","size":16})", R"({"type":"fixed","name":"F","size":8})",
       false, "FIXED_SIZE_MISMATCH"},
      // Arrays: "the item types are resolved recursively"; maps: "the value types are resolved recursively".
      {"array items promoted", R"({"type":"array","items":"long"})", R"({"type":"array","items":"int"})", true, ""},
      {"array items demoted", R"({"type":"array","items":"int"})", R"({"type":"array","items":"long"})", false,
       "TYPE_MISMATCH"},
      {"map values promoted", R"({"type":"map","values":"double"})", R"({"type":"map","values":"float"})", true, ""},
      {"array read as map", R"({"type":"map","values":"string"})", R"({"type":"array","items":"string"})", false,
       "TYPE_MISMATCH"},
      // Unions: "if reader's is a union, but writer's is not: the first schema in the reader's union that
      // matches the writer's schema is recursively resolved against it; if none match, an error is signalled".
      {"reader union holds the writer type", R"(["null","string"])", R"("string")", true, ""},
      {"reader union lacks the writer type", R"(["null","int"])", R"("string")", false, "MISSING_UNION_BRANCH"},
      {"reader union branch by promotion", R"(["null","double"])", R"("int")", true, ""},
      // "if writer's is a union, but reader's is not: if the reader's schema matches the selected writer's
      // schema, it is recursively resolved against it; if they do not match, an error is signalled".
      {"writer union, reader lacks null", R"("string")", R"(["null","string"])", false, "TYPE_MISMATCH"},
      {"writer union all promotable", R"("long")", R"(["int","long"])", true, ""},
      // "if both are unions: the first schema in the reader's union that matches the selected writer's union
      // schema is recursively resolved against it".
      {"union loses a branch", R"(["null","string"])", R"(["null","string","int"])", false, "MISSING_UNION_BRANCH"},
      {"union gains a branch", R"(["null","string","int"])", R"(["null","string"])", true, ""},
      {"union branch promoted", R"(["null","long"])", R"(["null","int"])", true, ""},
      {"union of records by name", R"(["null",)" + rec("A", R"({"name":"a","type":"int"})") + "]",
       R"(["null",)" + rec("B", R"({"name":"a","type":"int"})") + "]", false, "MISSING_UNION_BRANCH"},
  };
}

}  // namespace avro_cases

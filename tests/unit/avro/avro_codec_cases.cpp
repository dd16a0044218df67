// Schemas of the codec test (kept out of the Q_OBJECT file: moc misreads raw
// strings with unbalanced brackets).
#include "avro_cases.h"

namespace avro_cases {

std::string orderSchema() {
  return R"({"type":"record","name":"Order","namespace":"shop","fields":[
    {"name":"id","type":"long"},
    {"name":"amount","type":"double"},
    {"name":"note","type":["null","string"],"default":null},
    {"name":"status","type":{"type":"enum","name":"Status","symbols":["NEW","PAID"]}}]})";
}

std::string richSchema() {
  return R"({"type":"record","name":"Rich","fields":[
    {"name":"flag","type":"boolean"},
    {"name":"small","type":"int"},
    {"name":"ratio","type":"float"},
    {"name":"raw","type":"bytes"},
    {"name":"price","type":{"type":"bytes","logicalType":"decimal","precision":9,"scale":2}},
    {"name":"fixedPrice","type":{"type":"fixed","name":"Money","size":8,"logicalType":"decimal","precision":18,"scale":3}},
    {"name":"day","type":{"type":"int","logicalType":"date"}},
    {"name":"at","type":{"type":"long","logicalType":"timestamp-millis"}},
    {"name":"atMicros","type":{"type":"long","logicalType":"timestamp-micros"}},
    {"name":"clock","type":{"type":"int","logicalType":"time-millis"}},
    {"name":"uid","type":{"type":"string","logicalType":"uuid"}},
    {"name":"hash","type":{"type":"fixed","name":"Hash","size":4}},
    {"name":"tags","type":{"type":"array","items":"string"}},
    {"name":"counts","type":{"type":"map","values":"long"}},
    {"name":"maybe","type":["null","long","string"]},
    {"name":"child","type":{"type":"record","name":"Child","fields":[{"name":"name","type":"string"},
                                                                    {"name":"next","type":["null","Child"]}]}},
    {"name":"withDefault","type":"string","default":"fallback"}]})";
}

std::string writerV1() {
  return R"({"type":"record","name":"Event","fields":[
    {"name":"a","type":"int"},
    {"name":"gone","type":"string"},
    {"name":"n","type":["null","int"]},
    {"name":"kind","type":{"type":"enum","name":"Kind","symbols":["A","B","C"]}}]})";
}

std::string readerV2() {
  return R"({"type":"record","name":"Event","fields":[
    {"name":"a","type":"double"},
    {"name":"n","type":["null","long"]},
    {"name":"kind","type":{"type":"enum","name":"Kind","symbols":["A","B"],"default":"A"}},
    {"name":"added","type":"string","default":"new"},
    {"name":"list","type":{"type":"array","items":"int"},"default":[1,2]},
    {"name":"when","type":{"type":"long","logicalType":"timestamp-millis"},"default":1000}]})";
}

}  // namespace avro_cases

#include "core/broker/protocol.h"

#include <algorithm>
#include <climits>

#include "core/broker/error_codes.h"

namespace tributary::broker::proto {

namespace {

// Reads an array whose elements take at least `minSize` bytes each, calling
// `element` for each. A null array reads as empty.
template <typename F>
void readArray(wire::Reader& r, std::size_t minSize, F&& element) {
  int32_t n = r.arrayLength(minSize);
  for (int32_t i = 0; i < n && r.ok(); ++i) element();
}

bool finish(wire::Reader& r) {
  return r.ok() && r.remaining() == 0;
}

}  // namespace

const std::vector<ApiRange>& supportedApis() {
  // Versions chosen from what librdkafka 2.0.2, kcat and kafka-python 2.0.2
  // negotiate; every one listed is implemented. All are non-flexible.
  static const std::vector<ApiRange> apis = {
      {kProduce, 0, 8},          {kFetch, 4, 11},         {kListOffsets, 0, 5},     {kMetadata, 0, 8},
      {kOffsetCommit, 0, 7},     {kOffsetFetch, 0, 5},    {kFindCoordinator, 0, 2}, {kJoinGroup, 0, 5},
      {kHeartbeat, 0, 3},        {kLeaveGroup, 0, 3},     {kSyncGroup, 0, 3},       {kDescribeGroups, 0, 4},
      {kListGroups, 0, 2},       {kApiVersions, 0, 2},    {kCreateTopics, 0, 4},    {kDeleteTopics, 0, 3},
      {kDeleteRecords, 0, 1},    {kInitProducerId, 0, 1}, {kDescribeConfigs, 0, 2}, {kAlterConfigs, 0, 1},
      {kCreatePartitions, 0, 1}, {kAddPartitionsToTxn, 0, 2}, {kAddOffsetsToTxn, 0, 2}, {kEndTxn, 0, 2},
      {kTxnOffsetCommit, 0, 2}, {kDescribeTransactions, 0, 0}, {kListTransactions, 0, 1},
  };
  return apis;
}

const ApiRange* findApi(int16_t key) {
  for (const ApiRange& a : supportedApis())
    if (a.key == key) return &a;
  return nullptr;
}

const char* apiName(int16_t key) {
  switch (key) {
    case kProduce:
      return "Produce";
    case kFetch:
      return "Fetch";
    case kListOffsets:
      return "ListOffsets";
    case kMetadata:
      return "Metadata";
    case kOffsetCommit:
      return "OffsetCommit";
    case kOffsetFetch:
      return "OffsetFetch";
    case kFindCoordinator:
      return "FindCoordinator";
    case kJoinGroup:
      return "JoinGroup";
    case kHeartbeat:
      return "Heartbeat";
    case kLeaveGroup:
      return "LeaveGroup";
    case kSyncGroup:
      return "SyncGroup";
    case kDescribeGroups:
      return "DescribeGroups";
    case kListGroups:
      return "ListGroups";
    case kApiVersions:
      return "ApiVersions";
    case kCreateTopics:
      return "CreateTopics";
    case kDeleteTopics:
      return "DeleteTopics";
    case kDeleteRecords:
      return "DeleteRecords";
    case kInitProducerId:
      return "InitProducerId";
    case kDescribeConfigs:
      return "DescribeConfigs";
    case kAlterConfigs:
      return "AlterConfigs";
    case kCreatePartitions:
      return "CreatePartitions";
    case kAddPartitionsToTxn:
      return "AddPartitionsToTxn";
    case kAddOffsetsToTxn:
      return "AddOffsetsToTxn";
    case kEndTxn:
      return "EndTxn";
    case kTxnOffsetCommit:
      return "TxnOffsetCommit";
    case kDescribeTransactions:
      return "DescribeTransactions";
    case kListTransactions:
      return "ListTransactions";
    default:
      return "unknown";
  }
}

bool parseHeader(std::string_view frame, RequestHeader& h, std::size_t& bodyOffset) {
  wire::Reader r(frame);
  h.apiKey = r.i16();
  h.apiVersion = r.i16();
  h.correlationId = r.i32();
  h.clientId = r.nullableString();
  if (!r.ok()) return false;
  bodyOffset = frame.size() - r.remaining();
  return true;
}

bool decode(wire::Reader& r, int16_t v, ProduceRequest& out) {
  if (v >= 3) out.transactionalId = r.nullableString();
  out.acks = r.i16();
  out.timeoutMs = r.i32();
  readArray(r, 6, [&] {
    ProduceRequest::Topic t;
    t.name = r.string();
    readArray(r, 8, [&] {
      ProduceRequest::Partition p;
      p.index = r.i32();
      p.records = r.bytes();
      t.partitions.push_back(p);
    });
    out.topics.push_back(std::move(t));
  });
  return finish(r);
}

bool decode(wire::Reader& r, int16_t v, FetchRequest& out) {
  r.i32();  // replica id
  out.maxWaitMs = r.i32();
  out.minBytes = r.i32();
  if (v >= 3) out.maxBytes = r.i32();
  if (v >= 4) out.isolationLevel = r.i8();
  if (v >= 7) {
    out.sessionId = r.i32();
    out.sessionEpoch = r.i32();
  }
  readArray(r, 6, [&] {
    FetchRequest::Topic t;
    t.name = r.string();
    readArray(r, 16, [&] {
      FetchRequest::Partition p;
      p.index = r.i32();
      if (v >= 9) r.i32();  // current leader epoch
      p.fetchOffset = r.i64();
      if (v >= 5) p.logStartOffset = r.i64();
      p.maxBytes = r.i32();
      t.partitions.push_back(p);
    });
    out.topics.push_back(std::move(t));
  });
  if (v >= 7) {
    readArray(r, 6, [&] {  // forgotten topics: sessions are not kept, so nothing to forget
      r.string();
      readArray(r, 4, [&] { r.i32(); });
    });
  }
  if (v >= 11) r.string();  // rack id
  return finish(r);
}

bool decode(wire::Reader& r, int16_t v, ListOffsetsRequest& out) {
  out.replicaId = r.i32();
  if (v >= 2) out.isolationLevel = r.i8();
  readArray(r, 6, [&] {
    ListOffsetsRequest::Topic t;
    t.name = r.string();
    readArray(r, 12, [&] {
      ListOffsetsRequest::Partition p;
      p.index = r.i32();
      if (v >= 4) r.i32();  // current leader epoch
      p.timestamp = r.i64();
      if (v == 0) p.maxNumOffsets = r.i32();
      t.partitions.push_back(p);
    });
    out.topics.push_back(std::move(t));
  });
  return finish(r);
}

bool decode(wire::Reader& r, int16_t v, MetadataRequest& out) {
  int32_t n = r.arrayLength(2);
  if (n >= 0 && !(v == 0 && n == 0)) {
    out.topics.emplace();
    for (int32_t i = 0; i < n && r.ok(); ++i) out.topics->push_back(r.string());
  }
  if (v >= 4) out.allowAutoTopicCreation = r.boolean();
  if (v >= 8) {
    r.boolean();  // include cluster authorized operations
    r.boolean();  // include topic authorized operations
  }
  return finish(r);
}

bool decode(wire::Reader& r, int16_t v, OffsetCommitRequest& out) {
  out.groupId = r.string();
  if (v >= 1) {
    out.generationId = r.i32();
    out.memberId = r.string();
  }
  if (v >= 7) out.groupInstanceId = r.nullableString();
  if (v >= 2 && v <= 4) r.i64();  // retention time
  readArray(r, 6, [&] {
    OffsetCommitRequest::Topic t;
    t.name = r.string();
    readArray(r, 14, [&] {
      OffsetCommitRequest::Partition p;
      p.index = r.i32();
      p.offset = r.i64();
      if (v >= 6) r.i32();  // committed leader epoch
      if (v == 1) r.i64();  // commit timestamp
      p.metadata = r.nullableString();
      t.partitions.push_back(std::move(p));
    });
    out.topics.push_back(std::move(t));
  });
  return finish(r);
}

bool decode(wire::Reader& r, int16_t v, OffsetFetchRequest& out) {
  out.groupId = r.string();
  int32_t n = r.arrayLength(6);
  if (n >= 0 || v < 2) {
    out.topics.emplace();
    for (int32_t i = 0; i < n && r.ok(); ++i) {
      OffsetFetchRequest::Topic t;
      t.name = r.string();
      readArray(r, 4, [&] { t.partitions.push_back(r.i32()); });
      out.topics->push_back(std::move(t));
    }
  }
  return finish(r);
}

bool decode(wire::Reader& r, int16_t v, FindCoordinatorRequest& out) {
  out.key = r.string();
  if (v >= 1) out.keyType = r.i8();
  return finish(r);
}

bool decode(wire::Reader& r, int16_t v, JoinGroupRequest& out) {
  out.groupId = r.string();
  out.sessionTimeoutMs = r.i32();
  out.rebalanceTimeoutMs = v >= 1 ? r.i32() : out.sessionTimeoutMs;
  out.memberId = r.string();
  if (v >= 5) out.groupInstanceId = r.nullableString();
  out.protocolType = r.string();
  readArray(r, 6, [&] {
    std::string name = r.string();
    auto meta = r.bytes();
    out.protocols.emplace_back(std::move(name), meta ? std::string(*meta) : std::string());
  });
  return finish(r);
}

bool decode(wire::Reader& r, int16_t v, HeartbeatRequest& out) {
  out.groupId = r.string();
  out.generationId = r.i32();
  out.memberId = r.string();
  if (v >= 3) out.groupInstanceId = r.nullableString();
  return finish(r);
}

bool decode(wire::Reader& r, int16_t v, LeaveGroupRequest& out) {
  out.groupId = r.string();
  if (v < 3) {
    out.members.push_back({r.string(), std::nullopt});
    return finish(r);
  }
  readArray(r, 4, [&] {
    LeaveGroupRequest::Member m;
    m.memberId = r.string();
    m.groupInstanceId = r.nullableString();
    out.members.push_back(std::move(m));
  });
  return finish(r);
}

bool decode(wire::Reader& r, int16_t v, SyncGroupRequest& out) {
  out.groupId = r.string();
  out.generationId = r.i32();
  out.memberId = r.string();
  if (v >= 3) out.groupInstanceId = r.nullableString();
  readArray(r, 6, [&] {
    std::string member = r.string();
    auto assignment = r.bytes();
    out.assignments.emplace_back(std::move(member), assignment ? std::string(*assignment) : std::string());
  });
  return finish(r);
}

bool decode(wire::Reader& r, int16_t v, DescribeGroupsRequest& out) {
  readArray(r, 2, [&] { out.groups.push_back(r.string()); });
  if (v >= 3) r.boolean();
  return finish(r);
}

bool decode(wire::Reader& r, int16_t v, CreateTopicsRequest& out) {
  readArray(r, 16, [&] {
    CreateTopicsRequest::Topic t;
    t.name = r.string();
    t.numPartitions = r.i32();
    t.replicationFactor = r.i16();
    readArray(r, 8, [&] {
      int32_t partition = r.i32();
      std::vector<int32_t> brokers;
      readArray(r, 4, [&] { brokers.push_back(r.i32()); });
      t.assignments.emplace_back(partition, std::move(brokers));
    });
    readArray(r, 4, [&] {
      std::string name = r.string();
      auto value = r.nullableString();
      if (value)
        t.configs[name] = *value;
      else
        t.nullConfigValue = true;
    });
    out.topics.push_back(std::move(t));
  });
  out.timeoutMs = r.i32();
  if (v >= 1) out.validateOnly = r.boolean();
  return finish(r);
}

bool decode(wire::Reader& r, int16_t /*v*/, DeleteTopicsRequest& out) {
  readArray(r, 2, [&] { out.names.push_back(r.string()); });
  out.timeoutMs = r.i32();
  return finish(r);
}

bool decode(wire::Reader& r, int16_t /*v*/, DeleteRecordsRequest& out) {
  readArray(r, 6, [&] {
    DeleteRecordsRequest::Topic t;
    t.name = r.string();
    readArray(r, 12, [&] {
      DeleteRecordsRequest::Partition p;
      p.index = r.i32();
      p.offset = r.i64();
      t.partitions.push_back(p);
    });
    out.topics.push_back(std::move(t));
  });
  out.timeoutMs = r.i32();
  return finish(r);
}

bool decode(wire::Reader& r, int16_t /*v*/, InitProducerIdRequest& out) {
  out.transactionalId = r.nullableString();
  out.transactionTimeoutMs = r.i32();
  return finish(r);
}

bool decode(wire::Reader& r, int16_t /*v*/, AddPartitionsToTxnRequest& out) {
  out.transactionalId = r.string();
  out.producerId = r.i64();
  out.producerEpoch = r.i16();
  readArray(r, 6, [&] {
    std::string name = r.string();
    std::vector<int32_t> partitions;
    readArray(r, 4, [&] { partitions.push_back(r.i32()); });
    out.topics.emplace_back(std::move(name), std::move(partitions));
  });
  return finish(r);
}

bool decode(wire::Reader& r, int16_t /*v*/, AddOffsetsToTxnRequest& out) {
  out.transactionalId = r.string();
  out.producerId = r.i64();
  out.producerEpoch = r.i16();
  out.groupId = r.string();
  return finish(r);
}

bool decode(wire::Reader& r, int16_t /*v*/, EndTxnRequest& out) {
  out.transactionalId = r.string();
  out.producerId = r.i64();
  out.producerEpoch = r.i16();
  out.committed = r.boolean();
  return finish(r);
}

bool decode(wire::Reader& r, int16_t /*v*/, DescribeTransactionsRequest& out) {
  r.skipTaggedFields();  // the request header's
  int32_t n = r.compactArrayLength(1);
  for (int32_t i = 0; i < n && r.ok(); ++i) out.transactionalIds.push_back(r.compactString());
  r.skipTaggedFields();
  return finish(r);
}

bool decode(wire::Reader& r, int16_t v, ListTransactionsRequest& out) {
  r.skipTaggedFields();  // the request header's
  int32_t states = r.compactArrayLength(1);
  for (int32_t i = 0; i < states && r.ok(); ++i) out.stateFilters.push_back(r.compactString());
  int32_t producers = r.compactArrayLength(8);
  for (int32_t i = 0; i < producers && r.ok(); ++i) out.producerIdFilters.push_back(r.i64());
  if (v >= 1) out.durationFilterMs = r.i64();
  r.skipTaggedFields();
  return finish(r);
}

bool decode(wire::Reader& r, int16_t v, TxnOffsetCommitRequest& out) {
  out.transactionalId = r.string();
  out.groupId = r.string();
  out.producerId = r.i64();
  out.producerEpoch = r.i16();
  readArray(r, 6, [&] {
    TxnOffsetCommitRequest::Topic t;
    t.name = r.string();
    readArray(r, 14, [&] {
      TxnOffsetCommitRequest::Partition p;
      p.index = r.i32();
      p.offset = r.i64();
      if (v >= 2) r.i32();  // committed leader epoch
      p.metadata = r.nullableString();
      t.partitions.push_back(std::move(p));
    });
    out.topics.push_back(std::move(t));
  });
  return finish(r);
}

bool decode(wire::Reader& r, int16_t v, DescribeConfigsRequest& out) {
  readArray(r, 7, [&] {
    DescribeConfigsRequest::Resource res;
    res.type = r.i8();
    res.name = r.string();
    int32_t n = r.arrayLength(2);
    if (n >= 0) {
      res.keys.emplace();
      for (int32_t i = 0; i < n && r.ok(); ++i) res.keys->push_back(r.string());
    }
    out.resources.push_back(std::move(res));
  });
  if (v >= 1) out.includeSynonyms = r.boolean();
  return finish(r);
}

bool decode(wire::Reader& r, int16_t /*v*/, AlterConfigsRequest& out) {
  readArray(r, 7, [&] {
    AlterConfigsRequest::Resource res;
    res.type = r.i8();
    res.name = r.string();
    readArray(r, 4, [&] {
      std::string name = r.string();
      auto value = r.nullableString();
      res.configs.emplace_back(std::move(name), std::move(value));
    });
    out.resources.push_back(std::move(res));
  });
  out.validateOnly = r.boolean();
  return finish(r);
}

bool decode(wire::Reader& r, int16_t /*v*/, CreatePartitionsRequest& out) {
  readArray(r, 10, [&] {
    CreatePartitionsRequest::Topic t;
    t.name = r.string();
    t.count = r.i32();
    int32_t n = r.arrayLength(4);
    t.hasAssignments = n > 0;
    for (int32_t i = 0; i < n && r.ok(); ++i) readArray(r, 4, [&] { r.i32(); });
    out.topics.push_back(std::move(t));
  });
  out.timeoutMs = r.i32();
  out.validateOnly = r.boolean();
  return finish(r);
}

namespace {
template <typename T>
bool decodeAs(wire::Reader& r, int16_t v) {
  T request;
  return decode(r, v, request);
}
}  // namespace

bool decodeFrame(std::string_view frame) {
  RequestHeader h;
  std::size_t bodyOffset = 0;
  if (!parseHeader(frame, h, bodyOffset)) return false;
  const ApiRange* api = findApi(h.apiKey);
  if (!api || h.apiVersion < api->minVersion || h.apiVersion > api->maxVersion) return false;
  wire::Reader r(frame.substr(bodyOffset));
  switch (h.apiKey) {
    case kProduce:
      return decodeAs<ProduceRequest>(r, h.apiVersion);
    case kFetch:
      return decodeAs<FetchRequest>(r, h.apiVersion);
    case kListOffsets:
      return decodeAs<ListOffsetsRequest>(r, h.apiVersion);
    case kMetadata:
      return decodeAs<MetadataRequest>(r, h.apiVersion);
    case kOffsetCommit:
      return decodeAs<OffsetCommitRequest>(r, h.apiVersion);
    case kOffsetFetch:
      return decodeAs<OffsetFetchRequest>(r, h.apiVersion);
    case kFindCoordinator:
      return decodeAs<FindCoordinatorRequest>(r, h.apiVersion);
    case kJoinGroup:
      return decodeAs<JoinGroupRequest>(r, h.apiVersion);
    case kHeartbeat:
      return decodeAs<HeartbeatRequest>(r, h.apiVersion);
    case kLeaveGroup:
      return decodeAs<LeaveGroupRequest>(r, h.apiVersion);
    case kSyncGroup:
      return decodeAs<SyncGroupRequest>(r, h.apiVersion);
    case kDescribeGroups:
      return decodeAs<DescribeGroupsRequest>(r, h.apiVersion);
    case kListGroups:
      return r.remaining() == 0;
    case kApiVersions:
      return true;
    case kCreateTopics:
      return decodeAs<CreateTopicsRequest>(r, h.apiVersion);
    case kDeleteTopics:
      return decodeAs<DeleteTopicsRequest>(r, h.apiVersion);
    case kDeleteRecords:
      return decodeAs<DeleteRecordsRequest>(r, h.apiVersion);
    case kInitProducerId:
      return decodeAs<InitProducerIdRequest>(r, h.apiVersion);
    case kDescribeConfigs:
      return decodeAs<DescribeConfigsRequest>(r, h.apiVersion);
    case kAlterConfigs:
      return decodeAs<AlterConfigsRequest>(r, h.apiVersion);
    case kCreatePartitions:
      return decodeAs<CreatePartitionsRequest>(r, h.apiVersion);
    case kAddPartitionsToTxn:
      return decodeAs<AddPartitionsToTxnRequest>(r, h.apiVersion);
    case kAddOffsetsToTxn:
      return decodeAs<AddOffsetsToTxnRequest>(r, h.apiVersion);
    case kEndTxn:
      return decodeAs<EndTxnRequest>(r, h.apiVersion);
    case kTxnOffsetCommit:
      return decodeAs<TxnOffsetCommitRequest>(r, h.apiVersion);
    case kDescribeTransactions:
      return decodeAs<DescribeTransactionsRequest>(r, h.apiVersion);
    case kListTransactions:
      return decodeAs<ListTransactionsRequest>(r, h.apiVersion);
    default:
      return false;
  }
}

// ---- Responses ----

namespace {

// Throttle time: this broker never throttles.
void throttle(wire::Writer& w) {
  w.i32(0);
}

// The per-topic arrays most responses share: name, then one entry per partition.
template <typename Topics, typename WritePartition>
void writeTopics(wire::Writer& w, const Topics& topics, WritePartition writePartition) {
  w.array(topics.size());
  for (const auto& t : topics) {
    w.string(t.name);
    w.array(t.partitions.size());
    for (const auto& p : t.partitions) writePartition(p);
  }
}

void nullableMessage(wire::Writer& w, const std::string& message) {
  if (message.empty())
    w.nullString();
  else
    w.string(message);
}

void writeResourceResult(wire::Writer& w, const ConfigResourceResult& res) {
  w.i16(res.error);
  nullableMessage(w, res.message);
  w.i8(res.type);
  w.string(res.name);
}

}  // namespace

void encodeApiVersions(wire::Writer& w, int16_t v) {
  if (v > 2) {
    w.i16(kerr::kUnsupportedVersion);
    const ApiRange* self = findApi(kApiVersions);
    w.array(1);
    w.i16(self->key);
    w.i16(self->minVersion);
    w.i16(self->maxVersion);
    return;
  }
  w.i16(kerr::kNone);
  w.array(supportedApis().size());
  for (const ApiRange& a : supportedApis()) {
    w.i16(a.key);
    w.i16(a.minVersion);
    w.i16(a.maxVersion);
  }
  if (v >= 1) throttle(w);
}

void encode(wire::Writer& w, int16_t v, const MetadataResponse& resp) {
  constexpr int32_t kNoAuthorizedOperations = INT32_MIN;
  if (v >= 3) throttle(w);
  w.array(1);
  w.i32(resp.nodeId);
  w.string(resp.host);
  w.i32(resp.port);
  if (v >= 1) w.nullString();  // rack
  if (v >= 2) w.string(resp.clusterId);
  if (v >= 1) w.i32(resp.nodeId);  // controller
  w.array(resp.topics.size());
  for (const auto& t : resp.topics) {
    w.i16(t.error);
    w.string(t.name);
    if (v >= 1) w.boolean(false);  // internal
    w.array(t.partitionCount);
    for (std::size_t p = 0; p < t.partitionCount; ++p) {
      w.i16(kerr::kNone);
      w.i32(static_cast<int32_t>(p));
      w.i32(resp.nodeId);
      if (v >= 7) w.i32(0);  // leader epoch
      w.array(1);
      w.i32(resp.nodeId);  // replicas
      w.array(1);
      w.i32(resp.nodeId);  // in-sync replicas
      if (v >= 5) w.array(0);  // offline replicas
    }
    if (v >= 8) w.i32(kNoAuthorizedOperations);
  }
  if (v >= 8) w.i32(kNoAuthorizedOperations);
}

void encode(wire::Writer& w, int16_t v, const ProduceResponse& resp) {
  writeTopics(w, resp.topics, [&](const ProduceResponse::Partition& p) {
    w.i32(p.index);
    w.i16(p.error);
    w.i64(p.baseOffset);
    if (v >= 2) w.i64(-1);  // log append time: CreateTime topics only
    if (v >= 5) w.i64(p.logStartOffset);
    if (v >= 8) {
      w.array(0);  // record errors
      nullableMessage(w, p.message);
    }
  });
  if (v >= 1) throttle(w);
}

void encode(wire::Writer& w, int16_t v, const ListOffsetsResponse& resp) {
  if (v >= 2) throttle(w);
  writeTopics(w, resp.topics, [&](const ListOffsetsResponse::Partition& p) {
    w.i32(p.index);
    w.i16(p.error);
    if (v == 0) {
      if (p.offset >= 0 && p.offsetWanted) {
        w.array(1);
        w.i64(p.offset);
      } else {
        w.array(0);
      }
    } else {
      w.i64(p.timestamp);
      w.i64(p.offset);
      if (v >= 4) w.i32(0);  // leader epoch
    }
  });
}

void encode(wire::Writer& w, int16_t v, const OffsetCommitResponse& resp) {
  if (v >= 3) throttle(w);
  writeTopics(w, resp.topics, [&](const std::pair<int32_t, int16_t>& p) {
    w.i32(p.first);
    w.i16(p.second);
  });
}

void encode(wire::Writer& w, int16_t v, const OffsetFetchResponse& resp) {
  if (v >= 3) throttle(w);
  writeTopics(w, resp.topics, [&](const OffsetFetchResponse::Partition& p) {
    w.i32(p.index);
    w.i64(p.offset);
    if (v >= 5) w.i32(-1);  // leader epoch
    w.string(p.metadata);
    w.i16(kerr::kNone);
  });
  if (v >= 2) w.i16(kerr::kNone);
}

void encode(wire::Writer& w, int16_t v, const FindCoordinatorResponse& resp) {
  if (v >= 1) throttle(w);
  w.i16(resp.error);
  if (v >= 1) nullableMessage(w, resp.message);
  w.i32(resp.nodeId);
  w.string(resp.host);
  w.i32(resp.port);
}

void encode(wire::Writer& w, int16_t v, const JoinGroupResponse& resp) {
  if (v >= 2) throttle(w);
  w.i16(resp.error);
  w.i32(resp.generationId);
  w.string(resp.protocolName);
  w.string(resp.leaderId);
  w.string(resp.memberId);
  w.array(resp.members.size());
  for (const auto& m : resp.members) {
    w.string(m.memberId);
    if (v >= 5) w.nullableString(m.groupInstanceId);
    w.bytes(m.metadata);
  }
}

void encode(wire::Writer& w, int16_t v, const SyncGroupResponse& resp) {
  if (v >= 1) throttle(w);
  w.i16(resp.error);
  w.bytes(resp.assignment);
}

void encode(wire::Writer& w, int16_t v, const HeartbeatResponse& resp) {
  if (v >= 1) throttle(w);
  w.i16(resp.error);
}

void encode(wire::Writer& w, int16_t v, const LeaveGroupResponse& resp) {
  if (v >= 1) throttle(w);
  if (v < 3) {
    w.i16(resp.members.empty() ? kerr::kUnknownMemberId : resp.members.front().error);
    return;
  }
  w.i16(kerr::kNone);
  w.array(resp.members.size());
  for (const auto& m : resp.members) {
    w.string(m.memberId);
    w.nullableString(m.groupInstanceId);
    w.i16(m.error);
  }
}

void encode(wire::Writer& w, int16_t v, const ListGroupsResponse& resp) {
  if (v >= 1) throttle(w);
  w.i16(kerr::kNone);
  w.array(resp.groups.size());
  for (const auto& [id, type] : resp.groups) {
    w.string(id);
    w.string(type);
  }
}

void encode(wire::Writer& w, int16_t v, const DescribeGroupsResponse& resp) {
  constexpr int32_t kNoAuthorizedOperations = INT32_MIN;
  if (v >= 1) throttle(w);
  w.array(resp.groups.size());
  for (const auto& g : resp.groups) {
    w.i16(g.error);
    w.string(g.groupId);
    w.string(g.state);
    w.string(g.protocolType);
    w.string(g.protocol);
    w.array(g.members.size());
    for (const auto& m : g.members) {
      w.string(m.memberId);
      if (v >= 4) w.nullableString(m.groupInstanceId);
      w.string(m.clientId);
      w.string(m.clientHost);
      w.bytes(m.metadata);
      w.bytes(m.assignment);
    }
    if (v >= 3) w.i32(kNoAuthorizedOperations);
  }
}

void encode(wire::Writer& w, int16_t v, const CreateTopicsResponse& resp) {
  if (v >= 2) throttle(w);
  w.array(resp.topics.size());
  for (const auto& t : resp.topics) {
    w.string(t.name);
    w.i16(t.error);
    if (v >= 1) nullableMessage(w, t.error == kerr::kNone ? std::string() : t.message);
  }
}

void encode(wire::Writer& w, int16_t v, const DeleteTopicsResponse& resp) {
  if (v >= 1) throttle(w);
  w.array(resp.topics.size());
  for (const auto& t : resp.topics) {
    w.string(t.name);
    w.i16(t.error);
  }
}

void encode(wire::Writer& w, int16_t /*v*/, const CreatePartitionsResponse& resp) {
  throttle(w);
  w.array(resp.topics.size());
  for (const auto& t : resp.topics) {
    w.string(t.name);
    w.i16(t.error);
    nullableMessage(w, t.error == kerr::kNone ? std::string() : t.message);
  }
}

void encode(wire::Writer& w, int16_t /*v*/, const DeleteRecordsResponse& resp) {
  throttle(w);
  writeTopics(w, resp.topics, [&](const DeleteRecordsResponse::Partition& p) {
    w.i32(p.index);
    w.i64(p.lowWatermark);
    w.i16(p.error);
  });
}

void encode(wire::Writer& w, int16_t /*v*/, const InitProducerIdResponse& resp) {
  throttle(w);
  w.i16(resp.error);
  w.i64(resp.producerId);
  w.i16(resp.producerEpoch);
}

namespace {

// Per partition errors under their topics (AddPartitionsToTxn, TxnOffsetCommit v0-2).
void encodePartitionErrors(wire::Writer& w, const std::vector<TopicPartitions<std::pair<int32_t, int16_t>>>& topics) {
  throttle(w);
  w.array(topics.size());
  for (const auto& t : topics) {
    w.string(t.name);
    w.array(t.partitions.size());
    for (const auto& [index, error] : t.partitions) {
      w.i32(index);
      w.i16(error);
    }
  }
}

}  // namespace

void encode(wire::Writer& w, int16_t /*v*/, const AddPartitionsToTxnResponse& resp) {
  encodePartitionErrors(w, resp.topics);
}

void encode(wire::Writer& w, int16_t /*v*/, const TxnOffsetCommitResponse& resp) {
  encodePartitionErrors(w, resp.topics);
}

void encode(wire::Writer& w, int16_t /*v*/, const AddOffsetsToTxnResponse& resp) {
  throttle(w);
  w.i16(resp.error);
}

void encode(wire::Writer& w, int16_t /*v*/, const EndTxnResponse& resp) {
  throttle(w);
  w.i16(resp.error);
}

void encode(wire::Writer& w, int16_t v, const DescribeConfigsResponse& resp) {
  throttle(w);
  w.array(resp.resources.size());
  for (const auto& res : resp.resources) {
    writeResourceResult(w, res);
    w.array(res.configs.size());
    for (const auto& c : res.configs) {
      w.string(c.name);
      w.string(c.value);
      w.boolean(c.readOnly);
      if (v == 0)
        w.boolean(c.isDefault);
      else
        w.i8(c.source);
      w.boolean(false);  // sensitive
      if (v >= 1) {
        if (resp.includeSynonyms) {
          w.array(1);
          w.string(c.name);
          w.string(c.value);
          w.i8(c.source);
        } else {
          w.array(0);
        }
      }
    }
  }
}

void encode(wire::Writer& w, int16_t /*v*/, const AlterConfigsResponse& resp) {
  throttle(w);
  w.array(resp.resources.size());
  for (const auto& res : resp.resources) writeResourceResult(w, res);
}

void encode(wire::Writer& w, int16_t /*v*/, const DescribeTransactionsResponse& resp) {
  w.noTaggedFields();  // the response header's
  w.i32(0);            // throttle time
  w.compactArray(resp.states.size());
  for (const auto& s : resp.states) {
    w.i16(s.error);
    w.compactString(s.transactionalId);
    w.compactString(s.state);
    w.i32(s.timeoutMs);
    w.i64(s.startMs);
    w.i64(s.producerId);
    w.i16(s.producerEpoch);
    w.compactArray(s.topics.size());
    for (const auto& [topic, partitions] : s.topics) {
      w.compactString(topic);
      w.compactArray(partitions.size());
      for (int32_t p : partitions) w.i32(p);
      w.noTaggedFields();
    }
    w.noTaggedFields();
  }
  w.noTaggedFields();
}

void encode(wire::Writer& w, int16_t /*v*/, const ListTransactionsResponse& resp) {
  w.noTaggedFields();  // the response header's
  w.i32(0);            // throttle time
  w.i16(resp.error);
  w.compactArray(resp.unknownStateFilters.size());
  for (const auto& s : resp.unknownStateFilters) w.compactString(s);
  w.compactArray(resp.states.size());
  for (const auto& s : resp.states) {
    w.compactString(s.transactionalId);
    w.i64(s.producerId);
    w.compactString(s.state);
    w.noTaggedFields();
  }
  w.noTaggedFields();
}

}  // namespace tributary::broker::proto

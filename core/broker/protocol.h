#pragma once
// Kafka requests as this broker reads them and the responses it writes: the
// request header, the table of API versions the broker implements (and
// advertises in ApiVersions), one decoder per request type and one response
// struct with its encoder per request type. Only non-flexible versions are
// implemented, except DescribeTransactions and ListTransactions (flexible
// from v0). Decoders and encoders are pure functions: any thread; fuzzed by
// tests/fuzz/broker. Strings and byte views in the structs point into the
// frame (record data) or are owned copies, as noted.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/broker/wire.h"

namespace tributary::broker::proto {

enum ApiKey : int16_t {
  kProduce = 0,
  kFetch = 1,
  kListOffsets = 2,
  kMetadata = 3,
  kOffsetCommit = 8,
  kOffsetFetch = 9,
  kFindCoordinator = 10,
  kJoinGroup = 11,
  kHeartbeat = 12,
  kLeaveGroup = 13,
  kSyncGroup = 14,
  kDescribeGroups = 15,
  kListGroups = 16,
  kApiVersions = 18,
  kCreateTopics = 19,
  kDeleteTopics = 20,
  kDeleteRecords = 21,
  kInitProducerId = 22,
  kAddPartitionsToTxn = 24,
  kAddOffsetsToTxn = 25,
  kEndTxn = 26,
  kTxnOffsetCommit = 28,
  kDescribeConfigs = 32,
  kAlterConfigs = 33,
  kCreatePartitions = 37,
  kDescribeTransactions = 65,
  kListTransactions = 66,
};

struct ApiRange {
  int16_t key;
  int16_t minVersion;
  int16_t maxVersion;
};
// Exactly what ApiVersions advertises.
const std::vector<ApiRange>& supportedApis();
const ApiRange* findApi(int16_t key);
const char* apiName(int16_t key);

struct RequestHeader {
  int16_t apiKey = 0;
  int16_t apiVersion = 0;
  int32_t correlationId = 0;
  std::optional<std::string> clientId;
};
// Reads the request header v1 at the start of `frame` (the bytes after the
// size prefix). `bodyOffset` is where the request body starts (not meaningful
// for flexible ApiVersions v3+, whose body is never read).
bool parseHeader(std::string_view frame, RequestHeader& header, std::size_t& bodyOffset);

struct ProduceRequest {
  std::optional<std::string> transactionalId;
  int16_t acks = 1;
  int32_t timeoutMs = 0;
  struct Partition {
    int32_t index = 0;
    std::optional<std::string_view> records;  // points into the frame
  };
  struct Topic {
    std::string name;
    std::vector<Partition> partitions;
  };
  std::vector<Topic> topics;
};

struct FetchRequest {
  int32_t maxWaitMs = 0;
  int32_t minBytes = 0;
  int32_t maxBytes = INT32_MAX;
  int8_t isolationLevel = 0;
  int32_t sessionId = 0;
  int32_t sessionEpoch = -1;
  struct Partition {
    int32_t index = 0;
    int64_t fetchOffset = 0;
    int64_t logStartOffset = -1;
    int32_t maxBytes = 0;
  };
  struct Topic {
    std::string name;
    std::vector<Partition> partitions;
  };
  std::vector<Topic> topics;
};

struct ListOffsetsRequest {
  int32_t replicaId = -1;
  int8_t isolationLevel = 0;
  struct Partition {
    int32_t index = 0;
    int64_t timestamp = 0;
    int32_t maxNumOffsets = 1;
  };
  struct Topic {
    std::string name;
    std::vector<Partition> partitions;
  };
  std::vector<Topic> topics;
};

struct MetadataRequest {
  std::optional<std::vector<std::string>> topics;  // nullopt: all topics
  bool allowAutoTopicCreation = true;
};

struct OffsetCommitRequest {
  std::string groupId;
  int32_t generationId = -1;
  std::string memberId;
  std::optional<std::string> groupInstanceId;  // v7+
  struct Partition {
    int32_t index = 0;
    int64_t offset = 0;
    std::optional<std::string> metadata;
  };
  struct Topic {
    std::string name;
    std::vector<Partition> partitions;
  };
  std::vector<Topic> topics;
};

struct OffsetFetchRequest {
  std::string groupId;
  struct Topic {
    std::string name;
    std::vector<int32_t> partitions;
  };
  std::optional<std::vector<Topic>> topics;  // nullopt: all (v2+)
};

struct FindCoordinatorRequest {
  std::string key;
  int8_t keyType = 0;
};

struct JoinGroupRequest {
  std::string groupId;
  int32_t sessionTimeoutMs = 0;
  int32_t rebalanceTimeoutMs = 0;
  std::string memberId;
  std::optional<std::string> groupInstanceId;
  std::string protocolType;
  std::vector<std::pair<std::string, std::string>> protocols;  // name, metadata
};

struct HeartbeatRequest {
  std::string groupId;
  int32_t generationId = 0;
  std::string memberId;
  std::optional<std::string> groupInstanceId;  // v3+
};

struct LeaveGroupRequest {
  struct Member {
    std::string memberId;
    std::optional<std::string> groupInstanceId;
  };
  std::string groupId;
  std::vector<Member> members;  // v0-2: the one member id of the request; v3+: a batch
};

struct SyncGroupRequest {
  std::string groupId;
  int32_t generationId = 0;
  std::string memberId;
  std::optional<std::string> groupInstanceId;  // v3+
  std::vector<std::pair<std::string, std::string>> assignments;  // member id, assignment
};

struct DescribeGroupsRequest {
  std::vector<std::string> groups;
};

struct CreateTopicsRequest {
  struct Topic {
    std::string name;
    int32_t numPartitions = -1;
    int16_t replicationFactor = -1;
    std::vector<std::pair<int32_t, std::vector<int32_t>>> assignments;
    std::map<std::string, std::string> configs;
    bool nullConfigValue = false;
  };
  std::vector<Topic> topics;
  int32_t timeoutMs = 0;
  bool validateOnly = false;
};

struct DeleteTopicsRequest {
  std::vector<std::string> names;
  int32_t timeoutMs = 0;
};

struct DeleteRecordsRequest {
  struct Partition {
    int32_t index = 0;
    int64_t offset = 0;
  };
  struct Topic {
    std::string name;
    std::vector<Partition> partitions;
  };
  std::vector<Topic> topics;
  int32_t timeoutMs = 0;
};

struct InitProducerIdRequest {
  std::optional<std::string> transactionalId;
  int32_t transactionTimeoutMs = 0;
};

struct AddPartitionsToTxnRequest {
  std::string transactionalId;
  int64_t producerId = -1;
  int16_t producerEpoch = -1;
  std::vector<std::pair<std::string, std::vector<int32_t>>> topics;  // name, partitions
};

struct AddOffsetsToTxnRequest {
  std::string transactionalId;
  int64_t producerId = -1;
  int16_t producerEpoch = -1;
  std::string groupId;
};

struct EndTxnRequest {
  std::string transactionalId;
  int64_t producerId = -1;
  int16_t producerEpoch = -1;
  bool committed = false;
};

struct TxnOffsetCommitRequest {
  std::string transactionalId;
  std::string groupId;
  int64_t producerId = -1;
  int16_t producerEpoch = -1;
  struct Partition {
    int32_t index = 0;
    int64_t offset = 0;
    std::optional<std::string> metadata;
  };
  struct Topic {
    std::string name;
    std::vector<Partition> partitions;
  };
  std::vector<Topic> topics;
};

struct DescribeConfigsRequest {
  struct Resource {
    int8_t type = 0;
    std::string name;
    std::optional<std::vector<std::string>> keys;
  };
  std::vector<Resource> resources;
  bool includeSynonyms = false;
};

struct AlterConfigsRequest {
  struct Resource {
    int8_t type = 0;
    std::string name;
    std::vector<std::pair<std::string, std::optional<std::string>>> configs;
  };
  std::vector<Resource> resources;
  bool validateOnly = false;
};

struct CreatePartitionsRequest {
  struct Topic {
    std::string name;
    int32_t count = 0;
    bool hasAssignments = false;
  };
  std::vector<Topic> topics;
  int32_t timeoutMs = 0;
  bool validateOnly = false;
};

// Each decoder reads the whole body of the given version; false when the
// bytes do not form exactly one such request.
bool decode(wire::Reader& r, int16_t v, ProduceRequest& out);
bool decode(wire::Reader& r, int16_t v, FetchRequest& out);
bool decode(wire::Reader& r, int16_t v, ListOffsetsRequest& out);
bool decode(wire::Reader& r, int16_t v, MetadataRequest& out);
bool decode(wire::Reader& r, int16_t v, OffsetCommitRequest& out);
bool decode(wire::Reader& r, int16_t v, OffsetFetchRequest& out);
bool decode(wire::Reader& r, int16_t v, FindCoordinatorRequest& out);
bool decode(wire::Reader& r, int16_t v, JoinGroupRequest& out);
bool decode(wire::Reader& r, int16_t v, HeartbeatRequest& out);
bool decode(wire::Reader& r, int16_t v, LeaveGroupRequest& out);
bool decode(wire::Reader& r, int16_t v, SyncGroupRequest& out);
bool decode(wire::Reader& r, int16_t v, DescribeGroupsRequest& out);
bool decode(wire::Reader& r, int16_t v, CreateTopicsRequest& out);
bool decode(wire::Reader& r, int16_t v, DeleteTopicsRequest& out);
bool decode(wire::Reader& r, int16_t v, DeleteRecordsRequest& out);
bool decode(wire::Reader& r, int16_t v, InitProducerIdRequest& out);
bool decode(wire::Reader& r, int16_t v, AddPartitionsToTxnRequest& out);
bool decode(wire::Reader& r, int16_t v, AddOffsetsToTxnRequest& out);
bool decode(wire::Reader& r, int16_t v, EndTxnRequest& out);
bool decode(wire::Reader& r, int16_t v, TxnOffsetCommitRequest& out);
bool decode(wire::Reader& r, int16_t v, DescribeConfigsRequest& out);
bool decode(wire::Reader& r, int16_t v, AlterConfigsRequest& out);
bool decode(wire::Reader& r, int16_t v, CreatePartitionsRequest& out);

// Decodes a whole frame (header + body) of any supported request and throws
// the result away: the entry point of the fuzz target. False for anything the
// broker would refuse as malformed or unsupported.
bool decodeFrame(std::string_view frame);

// ---- Responses ----
// What the broker answers, one struct per request type, and the encoder that
// writes it in the version asked for (after the 8 reserved bytes of
// newResponse()). Fields a version lacks are left out; fields this broker
// never varies (throttle time 0, leader epochs, rack, authorized operations)
// are written by the encoders. Fetch is the exception: its record bytes are
// copied from the log straight into the response (Broker::Impl::runFetch).
// Single-node broker: every partition is led by `nodeId` alone.

// A topic's entry in a response: its name and one entry per partition.
template <typename Partition>
struct TopicPartitions {
  std::string name;
  std::vector<Partition> partitions;
};

// ApiVersions in version `v` (an unknown higher version gets UNSUPPORTED_VERSION
// in v0 with our ApiVersions range, so the client retries lower).
void encodeApiVersions(wire::Writer& w, int16_t v);

struct MetadataResponse {
  int32_t nodeId = 0;
  std::string host;
  int32_t port = 0;
  std::string clusterId;
  struct Topic {
    int16_t error = 0;
    std::string name;
    std::size_t partitionCount = 0;
  };
  std::vector<Topic> topics;
};
void encode(wire::Writer& w, int16_t v, const MetadataResponse& resp);

struct ProduceResponse {
  struct Partition {
    int32_t index = 0;
    int16_t error = 0;
    int64_t baseOffset = -1;
    int64_t logStartOffset = -1;
    std::string message;  // empty: null
  };
  using Topic = TopicPartitions<Partition>;
  std::vector<Topic> topics;
};
void encode(wire::Writer& w, int16_t v, const ProduceResponse& resp);

struct ListOffsetsResponse {
  struct Partition {
    int32_t index = 0;
    int16_t error = 0;
    int64_t timestamp = -1;
    int64_t offset = -1;
    bool offsetWanted = true;  // v0: the request asked for at least one offset
  };
  using Topic = TopicPartitions<Partition>;
  std::vector<Topic> topics;
};
void encode(wire::Writer& w, int16_t v, const ListOffsetsResponse& resp);

struct OffsetCommitResponse {
  using Topic = TopicPartitions<std::pair<int32_t, int16_t>>;  // partition index, error
  std::vector<Topic> topics;
};
void encode(wire::Writer& w, int16_t v, const OffsetCommitResponse& resp);

struct OffsetFetchResponse {
  struct Partition {
    int32_t index = 0;
    int64_t offset = -1;
    std::string metadata;
  };
  using Topic = TopicPartitions<Partition>;
  std::vector<Topic> topics;
};
void encode(wire::Writer& w, int16_t v, const OffsetFetchResponse& resp);

struct FindCoordinatorResponse {
  int16_t error = 0;
  std::string message;  // empty: null
  int32_t nodeId = -1;
  std::string host;
  int32_t port = -1;
};
void encode(wire::Writer& w, int16_t v, const FindCoordinatorResponse& resp);

struct JoinGroupResponse {
  int16_t error = 0;
  int32_t generationId = -1;
  std::string protocolName;
  std::string leaderId;
  std::string memberId;
  struct Member {
    std::string memberId;
    std::optional<std::string> groupInstanceId;  // v5+
    std::string metadata;
  };
  std::vector<Member> members;  // the leader's answer only
};
void encode(wire::Writer& w, int16_t v, const JoinGroupResponse& resp);

struct SyncGroupResponse {
  int16_t error = 0;
  std::string assignment;
};
void encode(wire::Writer& w, int16_t v, const SyncGroupResponse& resp);

// Heartbeat answers an error code alone.
struct HeartbeatResponse {
  int16_t error = 0;
};
void encode(wire::Writer& w, int16_t v, const HeartbeatResponse& resp);
// LeaveGroup v0-2 answer one error (the first member's); v3+ (KIP-345) one
// per member of the batch, under a top-level NONE.
struct LeaveGroupResponse {
  struct Member {
    std::string memberId;
    std::optional<std::string> groupInstanceId;
    int16_t error = 0;
  };
  std::vector<Member> members;
};
void encode(wire::Writer& w, int16_t v, const LeaveGroupResponse& resp);

struct ListGroupsResponse {
  std::vector<std::pair<std::string, std::string>> groups;  // group id, protocol type
};
void encode(wire::Writer& w, int16_t v, const ListGroupsResponse& resp);

struct DescribeGroupsResponse {
  struct Member {
    std::string memberId, clientId, clientHost, metadata, assignment;
    std::optional<std::string> groupInstanceId;  // v4+
  };
  struct Group {
    int16_t error = 0;
    std::string groupId, state, protocolType, protocol;
    std::vector<Member> members;
  };
  std::vector<Group> groups;
};
void encode(wire::Writer& w, int16_t v, const DescribeGroupsResponse& resp);

// CreateTopics, DeleteTopics and CreatePartitions: one result per topic; the
// message goes out only with an error.
struct TopicResult {
  std::string name;
  int16_t error = 0;
  std::string message;
};
struct CreateTopicsResponse {
  std::vector<TopicResult> topics;
};
void encode(wire::Writer& w, int16_t v, const CreateTopicsResponse& resp);
struct DeleteTopicsResponse {
  std::vector<TopicResult> topics;
};
void encode(wire::Writer& w, int16_t v, const DeleteTopicsResponse& resp);
struct CreatePartitionsResponse {
  std::vector<TopicResult> topics;
};
void encode(wire::Writer& w, int16_t v, const CreatePartitionsResponse& resp);

struct DeleteRecordsResponse {
  struct Partition {
    int32_t index = 0;
    int64_t lowWatermark = -1;
    int16_t error = 0;
  };
  using Topic = TopicPartitions<Partition>;
  std::vector<Topic> topics;
};
void encode(wire::Writer& w, int16_t v, const DeleteRecordsResponse& resp);

struct InitProducerIdResponse {
  int16_t error = 0;
  int64_t producerId = -1;
  int16_t producerEpoch = -1;
};
void encode(wire::Writer& w, int16_t v, const InitProducerIdResponse& resp);

// AddPartitionsToTxn and TxnOffsetCommit: an error per partition.
struct AddPartitionsToTxnResponse {
  using Topic = TopicPartitions<std::pair<int32_t, int16_t>>;  // partition index, error
  std::vector<Topic> topics;
};
void encode(wire::Writer& w, int16_t v, const AddPartitionsToTxnResponse& resp);
struct TxnOffsetCommitResponse {
  using Topic = TopicPartitions<std::pair<int32_t, int16_t>>;  // partition index, error
  std::vector<Topic> topics;
};
void encode(wire::Writer& w, int16_t v, const TxnOffsetCommitResponse& resp);
// AddOffsetsToTxn and EndTxn answer an error code alone.
struct AddOffsetsToTxnResponse {
  int16_t error = 0;
};
void encode(wire::Writer& w, int16_t v, const AddOffsetsToTxnResponse& resp);
struct EndTxnResponse {
  int16_t error = 0;
};
void encode(wire::Writer& w, int16_t v, const EndTxnResponse& resp);

// DescribeTransactions v0 and ListTransactions v0-1 (KIP-664, KIP-994) exist only in
// flexible versions: the request body given to decode() starts with the
// request header's tagged fields, and encode() writes the response header's
// (empty) tagged fields before the body.
struct DescribeTransactionsRequest {
  std::vector<std::string> transactionalIds;
};
bool decode(wire::Reader& r, int16_t v, DescribeTransactionsRequest& out);
struct DescribeTransactionsResponse {
  struct State {
    int16_t error = 0;
    std::string transactionalId, state;
    int32_t timeoutMs = 0;
    int64_t startMs = -1;
    int64_t producerId = -1;
    int16_t producerEpoch = -1;
    std::vector<std::pair<std::string, std::vector<int32_t>>> topics;  // partitions of the open transaction
  };
  std::vector<State> states;
};
void encode(wire::Writer& w, int16_t v, const DescribeTransactionsResponse& resp);
struct ListTransactionsRequest {
  std::vector<std::string> stateFilters;  // empty: any state
  std::vector<int64_t> producerIdFilters;  // empty: any producer
  int64_t durationFilterMs = -1;           // v1 (KIP-994): only transactions open longer than this; < 0: any
};
bool decode(wire::Reader& r, int16_t v, ListTransactionsRequest& out);
struct ListTransactionsResponse {
  int16_t error = 0;
  std::vector<std::string> unknownStateFilters;
  struct State {
    std::string transactionalId;
    int64_t producerId = -1;
    std::string state;
  };
  std::vector<State> states;
};
void encode(wire::Writer& w, int16_t v, const ListTransactionsResponse& resp);

// DescribeConfigs and AlterConfigs: what each answers per config resource.
struct ConfigResourceResult {
  int16_t error = 0;
  std::string message;  // empty: null
  int8_t type = 0;      // 2: topic, 4: broker
  std::string name;
};

struct DescribeConfigsResponse {
  struct Config {
    std::string name;
    std::string value;
    bool readOnly = false;
    bool isDefault = true;
    int8_t source = 5;  // DEFAULT_CONFIG; 1 DYNAMIC_TOPIC_CONFIG, 4 STATIC_BROKER_CONFIG
  };
  struct Resource : ConfigResourceResult {
    std::vector<Config> configs;
  };
  std::vector<Resource> resources;
  bool includeSynonyms = false;  // v1+: each config also lists itself as its one synonym
};
void encode(wire::Writer& w, int16_t v, const DescribeConfigsResponse& resp);

struct AlterConfigsResponse {
  std::vector<ConfigResourceResult> resources;
};
void encode(wire::Writer& w, int16_t v, const AlterConfigsResponse& resp);

}  // namespace tributary::broker::proto

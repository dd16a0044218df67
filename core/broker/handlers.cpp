// Request handlers of the broker, one per request type, found by api key in
// kHandlers: decode the request, act, fill the response struct and encode it
// in the version asked for (decoders and encoders are in protocol.cpp). Runs
// on the network thread (see broker.h).
#include <chrono>
#include <set>

#include <spdlog/spdlog.h>

#include "core/base/clock.h"
#include "core/broker/broker_impl.h"
#include "core/broker/error_codes.h"
#include "core/broker/record_batch.h"

namespace tributary::broker {

namespace {

using Outcome = Broker::Impl::Outcome;


// Why a batch cannot go into a compacted topic ("" when it can). Kafka refuses
// records without a key there; compressed batches are refused because the
// cleaner here has no codecs to look inside them (log_cleaner.h).
std::string compactedBatchProblem(std::string_view batch, const BatchHeader& h) {
  if (h.compression() != 0)
    return "the embedded broker compacts only uncompressed batches; produce to a compacted topic with "
           "compression.type=none";
  bool keyless = false;
  if (!forEachRecord(batch, h, [&](const RecordView& r) { keyless = keyless || !r.hasKey; }))
    return "a record of the batch cannot be read";
  if (keyless) return "compacted topic cannot accept a record without a key";
  return {};
}

PartitionLog* partitionOf(TopicStore& store, const std::string& topic, int32_t index) {
  TopicStore::Topic* t = store.find(topic);
  if (!t || index < 0 || static_cast<std::size_t>(index) >= t->partitions.size()) return nullptr;
  return t->partitions[static_cast<std::size_t>(index)].get();
}

}  // namespace

namespace {

// Decodes the body of a request into `req`; false when it does not parse.
template <typename Request>
bool decodeBody(wire::Reader& r, int16_t v, Request& req) {
  return proto::decode(r, v, req);
}

}  // namespace

Outcome Broker::Impl::handleMetadata(Connection&, const proto::RequestHeader& h, wire::Reader& r, std::string& out) {
  proto::MetadataRequest req;
  if (!decodeBody(r, h.apiVersion, req)) return Outcome::Close;
  proto::MetadataResponse resp;
  resp.nodeId = kNodeId;
  resp.host = advertisedHost;
  resp.port = boundPort.load();
  resp.clusterId = clusterId;
  std::vector<std::string> names;
  std::map<std::string, int16_t> errors;
  if (!req.topics) {
    for (const auto& [name, t] : topics->topics()) names.push_back(name);
  } else {
    for (const std::string& name : *req.topics) {
      names.push_back(name);
      if (topics->find(name)) continue;
      if (!TopicStore::validName(name)) {
        errors[name] = kerr::kInvalidTopic;
      } else if (options.autoCreateTopics && req.allowAutoTopicCreation) {
        std::string message;
        int16_t e = topics->create(name, -1, {}, false, message);
        if (e != kerr::kNone && e != kerr::kTopicAlreadyExists) errors[name] = e;
      } else {
        errors[name] = kerr::kUnknownTopicOrPartition;
      }
    }
  }
  for (const std::string& name : names) {
    TopicStore::Topic* t = topics->find(name);
    auto err = errors.find(name);
    resp.topics.push_back({err != errors.end() ? err->second : t ? kerr::kNone : kerr::kUnknownTopicOrPartition, name,
                           t ? t->partitions.size() : 0});
  }
  wire::Writer w(out);
  proto::encode(w, h.apiVersion, resp);
  return Outcome::Respond;
}

Outcome Broker::Impl::handleProduce(Connection&, const proto::RequestHeader& h, wire::Reader& r, std::string& out) {
  proto::ProduceRequest req;
  if (!decodeBody(r, h.apiVersion, req)) return Outcome::Close;
  int64_t now = base::wallMs();
  bool acksOk = req.acks == 0 || req.acks == 1 || req.acks == -1;
  proto::ProduceResponse resp;
  for (const auto& t : req.topics) {
    auto& topicResp = resp.topics.emplace_back();
    topicResp.name = t.name;
    for (const auto& p : t.partitions) {
      int16_t error = kerr::kNone;
      std::string message;
      int64_t baseOffset = -1;
      PartitionLog* log = partitionOf(*topics, t.name, p.index);
      if (!acksOk) {
        error = kerr::kInvalidRequiredAcks;
      } else if (!log) {
        error = kerr::kUnknownTopicOrPartition;
      } else if (!p.records || p.records->empty()) {
        error = kerr::kCorruptMessage;
        message = "no records";
      } else {
        std::vector<BatchHeader> headers;
        std::string_view rest = *p.records;
        while (!rest.empty() && error == kerr::kNone) {
          BatchHeader bh;
          switch (checkBatch(rest, bh, true)) {
            case BatchCheck::Ok:
              break;
            case BatchCheck::UnsupportedMagic:
              error = kerr::kUnsupportedForMessageFormat;
              message = "only record batches (magic 2) are accepted";
              continue;
            case BatchCheck::Truncated:
            case BatchCheck::Corrupt:
              error = kerr::kCorruptMessage;
              message = "a record batch is truncated or fails its CRC";
              continue;
          }
          if (static_cast<int64_t>(bh.totalSize()) > log->config().maxMessageBytes) {
            error = kerr::kMessageTooLarge;
            message = "batch of " + std::to_string(bh.totalSize()) + " bytes is above max.message.bytes";
          } else if (bh.control()) {
            error = kerr::kInvalidRecord;
            message = "control batches are written by the broker, not by producers";
          } else if (bh.transactional() != req.transactionalId.has_value()) {
            error = kerr::kInvalidRecord;
            message = req.transactionalId ? "a transactional producer sent a non-transactional batch"
                                          : "a transactional batch without a transactional id";
          } else if (bh.transactional() &&
                     (error = txns->checkProduce(*req.transactionalId, bh.producerId, bh.producerEpoch,
                                                 {t.name, p.index})) != kerr::kNone) {
            message = "the transaction has not added this partition, or the producer was fenced";
            continue;
          } else if (log->config().compact) {
            message = compactedBatchProblem(rest.substr(0, bh.totalSize()), bh);
            if (!message.empty()) {
              error = kerr::kInvalidRecord;
              message = "topic '" + t.name + "' partition " + std::to_string(p.index) + ": " + message;
            }
          }
          headers.push_back(bh);
          rest.remove_prefix(bh.totalSize());
        }
        if (error == kerr::kNone) {
          AppendOutcome a = log->append(*p.records, headers, now);
          error = a.error;
          message = a.message;
          baseOffset = a.baseOffset;
          if (error == kerr::kNone) dataAppended = true;
          if (error == kerr::kNone && req.transactionalId)
            txns->appended(*req.transactionalId, {t.name, p.index}, baseOffset);
        }
      }
      if (error != kerr::kNone)
        spdlog::debug("broker: produce to {}[{}] failed: error {} {}", t.name, p.index, error, message);
      topicResp.partitions.push_back({p.index, error, baseOffset, log ? log->logStartOffset() : -1, message});
    }
  }
  wire::Writer w(out);
  proto::encode(w, h.apiVersion, resp);
  if (dataAppended) checkParkedFetches(base::steadyMs(), false);
  return req.acks == 0 ? Outcome::NoResponse : Outcome::Respond;
}

Outcome Broker::Impl::handleFetch(Connection& c, const proto::RequestHeader& h, wire::Reader& r, std::string& out) {
  proto::FetchRequest req;
  if (!decodeBody(r, h.apiVersion, req)) return Outcome::Close;
  uint64_t appended = 0;
  std::string probe = out;
  int64_t bytes = runFetch(req, h.apiVersion, probe, &appended);
  if (bytes < 0 || bytes >= req.minBytes || req.maxWaitMs <= 0) {
    out = std::move(probe);
    return Outcome::Respond;
  }
  // Not enough data yet: park the request until data arrives or max wait passes.
  ParkedFetch f;
  f.connId = c.id;
  f.correlationId = h.correlationId;
  f.version = h.apiVersion;
  f.deadlineMs = base::steadyMs() + req.maxWaitMs;
  f.bytesFound = bytes;
  f.appendedAtPark = appended;
  f.request = std::move(req);
  parkedFetches.push_back(std::move(f));
  c.busy = true;
  return Outcome::Deferred;
}

Outcome Broker::Impl::handleListOffsets(Connection&, const proto::RequestHeader& h, wire::Reader& r,
                                        std::string& out) {
  proto::ListOffsetsRequest req;
  if (!decodeBody(r, h.apiVersion, req)) return Outcome::Close;
  proto::ListOffsetsResponse resp;
  for (const auto& t : req.topics) {
    auto& topicResp = resp.topics.emplace_back();
    topicResp.name = t.name;
    for (const auto& p : t.partitions) {
      PartitionLog* log = partitionOf(*topics, t.name, p.index);
      proto::ListOffsetsResponse::Partition part;
      part.index = p.index;
      part.error = log ? kerr::kNone : kerr::kUnknownTopicOrPartition;
      part.offsetWanted = p.maxNumOffsets > 0;
      if (log) {
        if (p.timestamp == -1)  // latest: read_committed (isolation level 1) sees up to the last stable offset
          part.offset = req.isolationLevel == 1 ? txns->lastStableOffset({t.name, p.index}, log->highWatermark())
                                                : log->highWatermark();
        else if (p.timestamp == -2)
          part.offset = log->logStartOffset();
        else {
          RecordPosition found = log->offsetForTimestamp(p.timestamp);
          part.offset = found.offset;
          part.timestamp = found.timestamp;
        }
      }
      topicResp.partitions.push_back(part);
    }
  }
  wire::Writer w(out);
  proto::encode(w, h.apiVersion, resp);
  return Outcome::Respond;
}

Outcome Broker::Impl::handleOffsetCommit(Connection&, const proto::RequestHeader& h, wire::Reader& r,
                                         std::string& out) {
  proto::OffsetCommitRequest req;
  if (!decodeBody(r, h.apiVersion, req)) return Outcome::Close;
  int16_t groupError = groups->checkCommit(req.groupId, req.generationId, req.memberId, req.groupInstanceId);
  std::vector<std::pair<std::pair<std::string, int32_t>, CommittedOffset>> accepted;
  proto::OffsetCommitResponse resp;
  for (const auto& t : req.topics) {
    auto& topicResp = resp.topics.emplace_back();
    topicResp.name = t.name;
    for (const auto& p : t.partitions) {
      int16_t e = groupError;
      if (e == kerr::kNone && !partitionOf(*topics, t.name, p.index)) e = kerr::kUnknownTopicOrPartition;
      if (e == kerr::kNone && p.metadata && p.metadata->size() > 4096) e = 12;  // OFFSET_METADATA_TOO_LARGE
      if (e == kerr::kNone) accepted.push_back({{t.name, p.index}, CommittedOffset{p.offset, p.metadata.value_or("")}});
      topicResp.partitions.emplace_back(p.index, e);
    }
  }
  if (!accepted.empty()) {
    int16_t e = groups->commit(req.groupId, accepted);
    if (e != kerr::kNone)
      for (auto& t : resp.topics)
        for (auto& p : t.partitions)
          if (p.second == kerr::kNone) p.second = e;
  }
  wire::Writer w(out);
  proto::encode(w, h.apiVersion, resp);
  return Outcome::Respond;
}

Outcome Broker::Impl::handleOffsetFetch(Connection&, const proto::RequestHeader& h, wire::Reader& r,
                                        std::string& out) {
  proto::OffsetFetchRequest req;
  if (!decodeBody(r, h.apiVersion, req)) return Outcome::Close;
  std::map<std::string, std::vector<int32_t>> wanted;
  std::vector<std::string> order;
  if (req.topics) {
    for (const auto& t : *req.topics) {
      if (!wanted.count(t.name)) order.push_back(t.name);
      auto& list = wanted[t.name];
      list.insert(list.end(), t.partitions.begin(), t.partitions.end());
    }
  } else {
    for (const auto& [tp, off] : groups->allCommitted(req.groupId)) {
      if (!wanted.count(tp.first)) order.push_back(tp.first);
      wanted[tp.first].push_back(tp.second);
    }
  }
  proto::OffsetFetchResponse resp;
  for (const std::string& name : order) {
    auto& topicResp = resp.topics.emplace_back();
    topicResp.name = name;
    for (int32_t p : wanted[name]) {
      auto committed = groups->committed(req.groupId, name, p);
      topicResp.partitions.push_back({p, committed ? committed->offset : -1, committed ? committed->metadata : ""});
    }
  }
  wire::Writer w(out);
  proto::encode(w, h.apiVersion, resp);
  return Outcome::Respond;
}

Outcome Broker::Impl::handleFindCoordinator(Connection&, const proto::RequestHeader& h, wire::Reader& r,
                                            std::string& out) {
  proto::FindCoordinatorRequest req;
  if (!decodeBody(r, h.apiVersion, req)) return Outcome::Close;
  proto::FindCoordinatorResponse resp;
  if (req.keyType == 0 || req.keyType == 1) {  // groups and transactions
    resp.nodeId = kNodeId;
    resp.host = advertisedHost;
    resp.port = boundPort.load();
  } else {
    resp.error = kerr::kCoordinatorNotAvailable;
    resp.message = "the embedded broker coordinates groups (key type 0) and transactions (1) only";
  }
  wire::Writer w(out);
  proto::encode(w, h.apiVersion, resp);
  return Outcome::Respond;
}

Outcome Broker::Impl::handleJoinGroup(Connection& c, const proto::RequestHeader& h, wire::Reader& r, std::string&) {
  const int16_t v = h.apiVersion;
  proto::JoinGroupRequest req;
  if (!decodeBody(r, v, req)) return Outcome::Close;
  c.busy = true;
  uint64_t connId = c.id;
  int32_t corr = h.correlationId;
  std::string groupId = req.groupId;
  groups->join(req, h.clientId.value_or(""), c.peerHost, base::steadyMs(),
               [this, connId, corr, v, groupId](const JoinResult& res) {
                 proto::JoinGroupResponse joinResp{res.error,    res.generationId, res.protocolName,
                                                   res.leaderId, res.memberId,     {}};
                 for (const auto& [id, meta] : res.members)
                   joinResp.members.push_back({id, groups->instanceOf(groupId, id), meta});
                 std::string resp = newResponse();
                 wire::Writer w(resp);
                 proto::encode(w, v, joinResp);
                 finishResponse(resp, corr);
                 complete(connId, std::move(resp));
               });
  return Outcome::Deferred;
}

Outcome Broker::Impl::handleSyncGroup(Connection& c, const proto::RequestHeader& h, wire::Reader& r, std::string&) {
  const int16_t v = h.apiVersion;
  proto::SyncGroupRequest req;
  if (!decodeBody(r, v, req)) return Outcome::Close;
  c.busy = true;
  uint64_t connId = c.id;
  int32_t corr = h.correlationId;
  groups->sync(req, base::steadyMs(), [this, connId, corr, v](const SyncResult& res) {
    std::string resp = newResponse();
    wire::Writer w(resp);
    proto::encode(w, v, proto::SyncGroupResponse{res.error, res.assignment});
    finishResponse(resp, corr);
    complete(connId, std::move(resp));
  });
  return Outcome::Deferred;
}

Outcome Broker::Impl::handleHeartbeat(Connection&, const proto::RequestHeader& h, wire::Reader& r, std::string& out) {
  proto::HeartbeatRequest req;
  if (!decodeBody(r, h.apiVersion, req)) return Outcome::Close;
  wire::Writer w(out);
  proto::encode(w, h.apiVersion, proto::HeartbeatResponse{groups->heartbeat(req, base::steadyMs())});
  return Outcome::Respond;
}

Outcome Broker::Impl::handleLeaveGroup(Connection&, const proto::RequestHeader& h, wire::Reader& r, std::string& out) {
  proto::LeaveGroupRequest req;
  if (!decodeBody(r, h.apiVersion, req)) return Outcome::Close;
  std::vector<int16_t> errors = groups->leave(req, base::steadyMs());
  proto::LeaveGroupResponse resp;
  for (std::size_t i = 0; i < req.members.size(); ++i)
    resp.members.push_back({req.members[i].memberId, req.members[i].groupInstanceId,
                            i < errors.size() ? errors[i] : kerr::kUnknownMemberId});
  wire::Writer w(out);
  proto::encode(w, h.apiVersion, resp);
  return Outcome::Respond;
}

Outcome Broker::Impl::handleListGroups(Connection&, const proto::RequestHeader& h, wire::Reader& r, std::string& out) {
  if (r.remaining() != 0) return Outcome::Close;
  proto::ListGroupsResponse resp;
  for (auto& [id, type] : groups->list()) resp.groups.emplace_back(id, type);
  wire::Writer w(out);
  proto::encode(w, h.apiVersion, resp);
  return Outcome::Respond;
}

Outcome Broker::Impl::handleDescribeGroups(Connection&, const proto::RequestHeader& h, wire::Reader& r,
                                           std::string& out) {
  proto::DescribeGroupsRequest req;
  if (!decodeBody(r, h.apiVersion, req)) return Outcome::Close;
  proto::DescribeGroupsResponse resp;
  for (const std::string& id : req.groups) {
    GroupDescription d = groups->describe(id);
    auto& g = resp.groups.emplace_back();
    g.error = id.empty() ? kerr::kInvalidGroupId : kerr::kNone;
    g.groupId = d.groupId;
    g.state = d.state;
    g.protocolType = d.protocolType;
    g.protocol = d.protocol;
    for (const auto& m : d.members)
      g.members.push_back({m.memberId, m.clientId, m.clientHost, m.metadata, m.assignment, m.instanceId});
  }
  wire::Writer w(out);
  proto::encode(w, h.apiVersion, resp);
  return Outcome::Respond;
}

Outcome Broker::Impl::handleCreateTopics(Connection&, const proto::RequestHeader& h, wire::Reader& r,
                                         std::string& out) {
  proto::CreateTopicsRequest req;
  if (!decodeBody(r, h.apiVersion, req)) return Outcome::Close;
  std::map<std::string, int> seen;
  for (const auto& t : req.topics) ++seen[t.name];
  proto::CreateTopicsResponse resp;
  for (const auto& t : req.topics) {
    int16_t error = kerr::kNone;
    std::string message;
    int32_t partitions = t.numPartitions;
    if (seen[t.name] > 1) {
      error = kerr::kInvalidRequest;
      message = "topic '" + t.name + "' appears more than once in the request";
    } else if (t.replicationFactor != -1 && t.replicationFactor != 1 && t.assignments.empty()) {
      error = kerr::kInvalidReplicationFactor;
      message = "the embedded broker is a single node: replication factor must be 1";
    } else if (!t.assignments.empty()) {
      partitions = static_cast<int32_t>(t.assignments.size());
      for (const auto& [index, brokers] : t.assignments)
        if (brokers.size() != 1 || brokers[0] != kNodeId || index < 0 || index >= partitions) {
          error = kerr::kInvalidReplicaAssignment;
          message = "replica assignments must place each partition on broker " + std::to_string(kNodeId);
        }
    } else if (t.nullConfigValue) {
      error = kerr::kInvalidConfig;
      message = "a topic config has no value";
    }
    if (error == kerr::kNone) error = topics->create(t.name, partitions, t.configs, req.validateOnly, message);
    resp.topics.push_back({t.name, error, message});
  }
  wire::Writer w(out);
  proto::encode(w, h.apiVersion, resp);
  return Outcome::Respond;
}

Outcome Broker::Impl::handleDeleteTopics(Connection&, const proto::RequestHeader& h, wire::Reader& r,
                                         std::string& out) {
  proto::DeleteTopicsRequest req;
  if (!decodeBody(r, h.apiVersion, req)) return Outcome::Close;
  proto::DeleteTopicsResponse resp;
  for (const std::string& name : req.names) {
    std::string message;
    int16_t error = topics->remove(name, message);
    if (error == kerr::kNone) {
      groups->forgetTopic(name);
      txns->forgetTopic(name);
    }
    resp.topics.push_back({name, error, message});
  }
  wire::Writer w(out);
  proto::encode(w, h.apiVersion, resp);
  return Outcome::Respond;
}

Outcome Broker::Impl::handleCreatePartitions(Connection&, const proto::RequestHeader& h, wire::Reader& r,
                                             std::string& out) {
  proto::CreatePartitionsRequest req;
  if (!decodeBody(r, h.apiVersion, req)) return Outcome::Close;
  proto::CreatePartitionsResponse resp;
  for (const auto& t : req.topics) {
    std::string message;
    int16_t error = topics->addPartitions(t.name, t.count, req.validateOnly, message);
    resp.topics.push_back({t.name, error, message});
  }
  wire::Writer w(out);
  proto::encode(w, h.apiVersion, resp);
  return Outcome::Respond;
}

Outcome Broker::Impl::handleDeleteRecords(Connection&, const proto::RequestHeader& h, wire::Reader& r,
                                          std::string& out) {
  proto::DeleteRecordsRequest req;
  if (!decodeBody(r, h.apiVersion, req)) return Outcome::Close;
  proto::DeleteRecordsResponse resp;
  for (const auto& t : req.topics) {
    auto& topicResp = resp.topics.emplace_back();
    topicResp.name = t.name;
    for (const auto& p : t.partitions) {
      PartitionLog* log = partitionOf(*topics, t.name, p.index);
      int16_t error = log ? log->deleteRecordsBefore(p.offset) : kerr::kUnknownTopicOrPartition;
      topicResp.partitions.push_back({p.index, log ? log->logStartOffset() : -1, error});
    }
  }
  wire::Writer w(out);
  proto::encode(w, h.apiVersion, resp);
  return Outcome::Respond;
}

Outcome Broker::Impl::handleInitProducerId(Connection&, const proto::RequestHeader& h, wire::Reader& r,
                                           std::string& out) {
  proto::InitProducerIdRequest req;
  if (!decodeBody(r, h.apiVersion, req)) return Outcome::Close;
  proto::InitProducerIdResponse resp;
  if (req.transactionalId) {
    auto res = txns->initProducerId(*req.transactionalId, req.transactionTimeoutMs, base::wallMs());
    resp.error = res.error;
    resp.producerId = res.producerId;
    resp.producerEpoch = res.epoch;
  } else {
    auto id = allocateProducerId();
    if (!id) spdlog::error("broker: {}", id.error().toString());
    resp.error = id ? kerr::kNone : kerr::kUnknownServerError;
    resp.producerId = id ? *id : -1;
    resp.producerEpoch = id ? 0 : -1;
  }
  wire::Writer w(out);
  proto::encode(w, h.apiVersion, resp);
  return Outcome::Respond;
}

Outcome Broker::Impl::handleDescribeConfigs(Connection&, const proto::RequestHeader& h, wire::Reader& r,
                                            std::string& out) {
  proto::DescribeConfigsRequest req;
  if (!decodeBody(r, h.apiVersion, req)) return Outcome::Close;
  proto::DescribeConfigsResponse resp;
  resp.includeSynonyms = req.includeSynonyms;
  for (const auto& res : req.resources) {
    std::vector<ConfigValue> values;
    auto& resResp = resp.resources.emplace_back();
    resResp.type = res.type;
    resResp.name = res.name;
    bool isTopic = res.type == 2;
    if (isTopic) {
      if (TopicStore::Topic* t = topics->find(res.name))
        values = topics->describe(*t);
      else {
        resResp.error = kerr::kUnknownTopicOrPartition;
        resResp.message = "no topic '" + res.name + "'";
      }
    } else if (res.type == 4 && (res.name.empty() || res.name == std::to_string(kNodeId))) {
      values = topics->describeBroker();
    } else {
      resResp.error = kerr::kInvalidRequest;
      resResp.message = "unknown config resource " + std::to_string(res.type) + " '" + res.name + "'";
    }
    if (res.keys) {
      std::set<std::string> keys(res.keys->begin(), res.keys->end());
      std::erase_if(values, [&](const ConfigValue& cv) { return !keys.count(cv.name); });
    }
    for (const ConfigValue& cv : values) {
      int8_t source = cv.isDefault ? 5
                      : isTopic    ? 1
                                   : 4;  // DEFAULT_CONFIG, DYNAMIC_TOPIC_CONFIG, STATIC_BROKER_CONFIG
      resResp.configs.push_back({cv.name, cv.value, cv.readOnly, cv.isDefault, source});
    }
  }
  wire::Writer w(out);
  proto::encode(w, h.apiVersion, resp);
  return Outcome::Respond;
}

Outcome Broker::Impl::handleAlterConfigs(Connection&, const proto::RequestHeader& h, wire::Reader& r,
                                         std::string& out) {
  proto::AlterConfigsRequest req;
  if (!decodeBody(r, h.apiVersion, req)) return Outcome::Close;
  proto::AlterConfigsResponse resp;
  for (const auto& res : req.resources) {
    auto& resResp = resp.resources.emplace_back();
    resResp.type = res.type;
    resResp.name = res.name;
    if (res.type == 2) {
      std::map<std::string, std::string> configs;
      for (const auto& [name, value] : res.configs)
        if (value) configs[name] = *value;
      resResp.error = topics->alterConfigs(res.name, configs, req.validateOnly, resResp.message);
    } else {
      resResp.error = kerr::kInvalidRequest;
      resResp.message = "only topic configs can be altered; broker settings come from its command line";
    }
  }
  wire::Writer w(out);
  proto::encode(w, h.apiVersion, resp);
  return Outcome::Respond;
}

namespace {

// The dispatch table: one handler per request type the broker implements
// (ApiVersions is answered before it, as it needs no version check).
struct HandlerEntry {
  int16_t apiKey;
  Broker::Impl::Handler handler;
};

const HandlerEntry kHandlers[] = {
    {proto::kProduce, &Broker::Impl::handleProduce},
    {proto::kFetch, &Broker::Impl::handleFetch},
    {proto::kListOffsets, &Broker::Impl::handleListOffsets},
    {proto::kMetadata, &Broker::Impl::handleMetadata},
    {proto::kOffsetCommit, &Broker::Impl::handleOffsetCommit},
    {proto::kOffsetFetch, &Broker::Impl::handleOffsetFetch},
    {proto::kFindCoordinator, &Broker::Impl::handleFindCoordinator},
    {proto::kJoinGroup, &Broker::Impl::handleJoinGroup},
    {proto::kHeartbeat, &Broker::Impl::handleHeartbeat},
    {proto::kLeaveGroup, &Broker::Impl::handleLeaveGroup},
    {proto::kSyncGroup, &Broker::Impl::handleSyncGroup},
    {proto::kDescribeGroups, &Broker::Impl::handleDescribeGroups},
    {proto::kListGroups, &Broker::Impl::handleListGroups},
    {proto::kCreateTopics, &Broker::Impl::handleCreateTopics},
    {proto::kDeleteTopics, &Broker::Impl::handleDeleteTopics},
    {proto::kDeleteRecords, &Broker::Impl::handleDeleteRecords},
    {proto::kInitProducerId, &Broker::Impl::handleInitProducerId},
    {proto::kDescribeConfigs, &Broker::Impl::handleDescribeConfigs},
    {proto::kAlterConfigs, &Broker::Impl::handleAlterConfigs},
    {proto::kCreatePartitions, &Broker::Impl::handleCreatePartitions},
    // transaction_handlers.cpp
    {proto::kAddPartitionsToTxn, &Broker::Impl::handleAddPartitionsToTxn},
    {proto::kAddOffsetsToTxn, &Broker::Impl::handleAddOffsetsToTxn},
    {proto::kEndTxn, &Broker::Impl::handleEndTxn},
    {proto::kTxnOffsetCommit, &Broker::Impl::handleTxnOffsetCommit},
    {proto::kDescribeTransactions, &Broker::Impl::handleDescribeTransactions},
    {proto::kListTransactions, &Broker::Impl::handleListTransactions},
};

}  // namespace

Outcome Broker::Impl::handle(Connection& c, const proto::RequestHeader& h, std::string_view body, std::string& out) {
  const int16_t v = h.apiVersion;
  if (h.apiKey == proto::kApiVersions) {
    wire::Writer w(out);
    proto::encodeApiVersions(w, v);
    return Outcome::Respond;
  }
  const proto::ApiRange* api = proto::findApi(h.apiKey);
  if (!api || v < api->minVersion || v > api->maxVersion) {
    // Kafka closes the connection for requests it cannot parse; so do we (clients
    // that asked ApiVersions first never send these).
    spdlog::warn("broker: connection {} sent unsupported request {} ({}) v{}; closing it", c.id,
                 proto::apiName(h.apiKey), h.apiKey, v);
    return Outcome::Close;
  }
  for (const HandlerEntry& entry : kHandlers)
    if (entry.apiKey == h.apiKey) {
      wire::Reader r(body);
      return (this->*entry.handler)(c, h, r, out);
    }
  return Outcome::Close;
}

int64_t Broker::Impl::runFetch(const proto::FetchRequest& req, int16_t v, std::string& out, uint64_t* appended) {
  wire::Writer w(out);
  w.i32(0);
  if (v >= 7) {
    w.i16(kerr::kNone);
    w.i32(0);  // no fetch session: every fetch is a full fetch
  }
  int64_t budget = req.maxBytes > 0 ? req.maxBytes : 0;
  int64_t total = 0;
  bool anyError = false;
  w.array(req.topics.size());
  for (const auto& t : req.topics) {
    w.string(t.name);
    w.array(t.partitions.size());
    for (const auto& p : t.partitions) {
      PartitionLog* log = partitionOf(*topics, t.name, p.index);
      w.i32(p.index);
      std::size_t errorAt = w.size();
      w.i16(kerr::kNone);
      const int64_t hw = log ? log->highWatermark() : -1;
      const int64_t lso = log ? txns->lastStableOffset({t.name, p.index}, hw) : -1;
      const bool committedOnly = req.isolationLevel == 1;
      w.i64(hw);
      w.i64(lso);
      if (v >= 5) w.i64(log ? log->logStartOffset() : -1);
      if (committedOnly && log) {
        // read_committed: the client drops the records of these producers
        // from their first offset up to the abort marker.
        auto aborted = txns->abortedBetween({t.name, p.index}, p.fetchOffset, lso);
        w.array(aborted.size());
        for (const auto& a : aborted) {
          w.i64(a.producerId);
          w.i64(a.firstOffset);
        }
      } else {
        w.array(0);
      }
      if (v >= 11) w.i32(-1);  // preferred read replica
      std::size_t sizeAt = w.placeholder();
      std::size_t before = out.size();
      int16_t error = kerr::kUnknownTopicOrPartition;
      if (log) {
        if (appended) *appended += log->appendedBytes();
        int64_t limit = std::min<int64_t>(p.maxBytes, budget);
        error = log->read(p.fetchOffset, limit, total == 0, out);
        if (committedOnly && error == kerr::kNone) cutAtOffset(out, before, lso);  // nothing undecided
      }
      if (error != kerr::kNone) anyError = true;
      out[errorAt] = static_cast<char>(static_cast<uint16_t>(error) >> 8);
      out[errorAt + 1] = static_cast<char>(error & 0xff);
      auto got = static_cast<int64_t>(out.size() - before);
      w.patchI32(sizeAt, static_cast<int32_t>(got));
      total += got;
      budget = std::max<int64_t>(0, budget - got);
    }
  }
  return anyError ? -1 : total;
}

}  // namespace tributary::broker

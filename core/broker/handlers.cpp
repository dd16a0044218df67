// Request handlers of the broker: decode, act, encode the response of the
// version asked for. Runs on the network thread (see broker.h).
#include <chrono>
#include <set>

#include <spdlog/spdlog.h>

#include "core/broker/broker_impl.h"
#include "core/broker/error_codes.h"
#include "core/broker/record_batch.h"

namespace tributary::broker {

namespace {

using Outcome = Broker::Impl::Outcome;
constexpr int32_t kNoAuthorizedOperations = INT32_MIN;

int64_t steadyNowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}
int64_t wallNowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

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

void writeApiVersions(std::string& out, int16_t version) {
  wire::Writer w(out);
  if (version > 2) {
    // An ApiVersions version we do not speak (flexible v3+): answer in v0 with
    // UNSUPPORTED_VERSION and our ApiVersions range, so the client retries lower.
    w.i16(kerr::kUnsupportedVersion);
    const proto::ApiRange* self = proto::findApi(proto::kApiVersions);
    w.array(1);
    w.i16(self->key);
    w.i16(self->minVersion);
    w.i16(self->maxVersion);
    return;
  }
  w.i16(kerr::kNone);
  w.array(proto::supportedApis().size());
  for (const proto::ApiRange& a : proto::supportedApis()) {
    w.i16(a.key);
    w.i16(a.minVersion);
    w.i16(a.maxVersion);
  }
  if (version >= 1) w.i32(0);
}

// LeaveGroup v0-2 answer one error; v3+ (KIP-345) one per member of the batch.
void writeLeaveGroupResponse(wire::Writer& w, int16_t v, const proto::LeaveGroupRequest& req,
                             const std::vector<int16_t>& errors) {
  if (v >= 1) w.i32(0);
  if (v < 3) {
    w.i16(errors.empty() ? kerr::kUnknownMemberId : errors.front());
    return;
  }
  w.i16(kerr::kNone);
  w.array(req.members.size());
  for (std::size_t i = 0; i < req.members.size(); ++i) {
    w.string(req.members[i].memberId);
    w.nullableString(req.members[i].groupInstanceId);
    w.i16(i < errors.size() ? errors[i] : kerr::kUnknownMemberId);
  }
}

}  // namespace

Broker::Impl::Outcome Broker::Impl::handle(Connection& c, const proto::RequestHeader& h, std::string_view body,
                                           std::string& out) {
  const int16_t v = h.apiVersion;
  if (h.apiKey == proto::kApiVersions) {
    writeApiVersions(out, v);
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
  wire::Reader r(body);
  wire::Writer w(out);
  const std::string clientId = h.clientId.value_or("");

  switch (h.apiKey) {
    case proto::kMetadata: {
      proto::MetadataRequest req;
      if (!proto::decode(r, v, req)) return Outcome::Close;
      if (v >= 3) w.i32(0);
      w.array(1);
      w.i32(kNodeId);
      w.string(advertisedHost);
      w.i32(boundPort.load());
      if (v >= 1) w.nullString();  // rack
      if (v >= 2) w.string(clusterId);
      if (v >= 1) w.i32(kNodeId);  // controller
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
      w.array(names.size());
      for (const std::string& name : names) {
        TopicStore::Topic* t = topics->find(name);
        auto err = errors.find(name);
        w.i16(err != errors.end() ? err->second : t ? kerr::kNone : kerr::kUnknownTopicOrPartition);
        w.string(name);
        if (v >= 1) w.boolean(false);
        std::size_t count = t ? t->partitions.size() : 0;
        w.array(count);
        for (std::size_t p = 0; p < count; ++p) {
          w.i16(kerr::kNone);
          w.i32(static_cast<int32_t>(p));
          w.i32(kNodeId);
          if (v >= 7) w.i32(0);  // leader epoch
          w.array(1);
          w.i32(kNodeId);
          w.array(1);
          w.i32(kNodeId);
          if (v >= 5) w.array(0);
        }
        if (v >= 8) w.i32(kNoAuthorizedOperations);
      }
      if (v >= 8) w.i32(kNoAuthorizedOperations);
      return Outcome::Respond;
    }

    case proto::kProduce: {
      proto::ProduceRequest req;
      if (!proto::decode(r, v, req)) return Outcome::Close;
      int64_t now = wallNowMs();
      bool acksOk = req.acks == 0 || req.acks == 1 || req.acks == -1;
      w.array(req.topics.size());
      for (const auto& t : req.topics) {
        w.string(t.name);
        w.array(t.partitions.size());
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
          w.i32(p.index);
          w.i16(error);
          w.i64(baseOffset);
          if (v >= 2) w.i64(-1);  // log append time: CreateTime topics only
          if (v >= 5) w.i64(log ? log->logStartOffset() : -1);
          if (v >= 8) {
            w.array(0);
            if (message.empty())
              w.nullString();
            else
              w.string(message);
          }
        }
      }
      if (v >= 1) w.i32(0);
      if (dataAppended) checkParkedFetches(steadyNowMs(), false);
      return req.acks == 0 ? Outcome::NoResponse : Outcome::Respond;
    }

    case proto::kFetch: {
      proto::FetchRequest req;
      if (!proto::decode(r, v, req)) return Outcome::Close;
      uint64_t appended = 0;
      std::string probe = out;
      int64_t bytes = runFetch(req, v, probe, &appended);
      if (bytes < 0 || bytes >= req.minBytes || req.maxWaitMs <= 0) {
        out = std::move(probe);
        return Outcome::Respond;
      }
      // Not enough data yet: park the request until data arrives or max wait passes.
      ParkedFetch f;
      f.connId = c.id;
      f.correlationId = h.correlationId;
      f.version = v;
      f.deadlineMs = steadyNowMs() + req.maxWaitMs;
      f.bytesFound = bytes;
      f.appendedAtPark = appended;
      f.request = std::move(req);
      parkedFetches.push_back(std::move(f));
      c.busy = true;
      return Outcome::Deferred;
    }

    case proto::kListOffsets: {
      proto::ListOffsetsRequest req;
      if (!proto::decode(r, v, req)) return Outcome::Close;
      if (v >= 2) w.i32(0);
      w.array(req.topics.size());
      for (const auto& t : req.topics) {
        w.string(t.name);
        w.array(t.partitions.size());
        for (const auto& p : t.partitions) {
          PartitionLog* log = partitionOf(*topics, t.name, p.index);
          int64_t offset = -1, timestamp = -1;
          int16_t error = log ? kerr::kNone : kerr::kUnknownTopicOrPartition;
          if (log) {
            if (p.timestamp == -1)
              offset = req.isolationLevel == 1 ? txns->lastStableOffset({t.name, p.index}, log->highWatermark())
                                               : log->highWatermark();
            else if (p.timestamp == -2)
              offset = log->logStartOffset();
            else {
              RecordPosition found = log->offsetForTimestamp(p.timestamp);
              offset = found.offset;
              timestamp = found.timestamp;
            }
          }
          w.i32(p.index);
          w.i16(error);
          if (v == 0) {
            if (offset >= 0 && p.maxNumOffsets > 0) {
              w.array(1);
              w.i64(offset);
            } else {
              w.array(0);
            }
          } else {
            w.i64(timestamp);
            w.i64(offset);
            if (v >= 4) w.i32(0);  // leader epoch
          }
        }
      }
      return Outcome::Respond;
    }

    case proto::kOffsetCommit: {
      proto::OffsetCommitRequest req;
      if (!proto::decode(r, v, req)) return Outcome::Close;
      int16_t groupError = groups->checkCommit(req.groupId, req.generationId, req.memberId, req.groupInstanceId);
      std::vector<std::pair<std::pair<std::string, int32_t>, CommittedOffset>> accepted;
      std::vector<std::vector<int16_t>> errors;
      for (const auto& t : req.topics) {
        errors.emplace_back();
        for (const auto& p : t.partitions) {
          int16_t e = groupError;
          if (e == kerr::kNone && !partitionOf(*topics, t.name, p.index)) e = kerr::kUnknownTopicOrPartition;
          if (e == kerr::kNone && p.metadata && p.metadata->size() > 4096) e = 12;  // OFFSET_METADATA_TOO_LARGE
          if (e == kerr::kNone)
            accepted.push_back({{t.name, p.index}, CommittedOffset{p.offset, p.metadata.value_or("")}});
          errors.back().push_back(e);
        }
      }
      if (!accepted.empty()) {
        int16_t e = groups->commit(req.groupId, accepted);
        if (e != kerr::kNone)
          for (auto& list : errors)
            for (auto& x : list)
              if (x == kerr::kNone) x = e;
      }
      if (v >= 3) w.i32(0);
      w.array(req.topics.size());
      for (std::size_t i = 0; i < req.topics.size(); ++i) {
        w.string(req.topics[i].name);
        w.array(req.topics[i].partitions.size());
        for (std::size_t k = 0; k < req.topics[i].partitions.size(); ++k) {
          w.i32(req.topics[i].partitions[k].index);
          w.i16(errors[i][k]);
        }
      }
      return Outcome::Respond;
    }

    case proto::kOffsetFetch: {
      proto::OffsetFetchRequest req;
      if (!proto::decode(r, v, req)) return Outcome::Close;
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
      if (v >= 3) w.i32(0);
      w.array(order.size());
      for (const std::string& name : order) {
        w.string(name);
        w.array(wanted[name].size());
        for (int32_t p : wanted[name]) {
          auto committed = groups->committed(req.groupId, name, p);
          w.i32(p);
          w.i64(committed ? committed->offset : -1);
          if (v >= 5) w.i32(-1);
          w.string(committed ? committed->metadata : "");
          w.i16(kerr::kNone);
        }
      }
      if (v >= 2) w.i16(kerr::kNone);
      return Outcome::Respond;
    }

    case proto::kFindCoordinator: {
      proto::FindCoordinatorRequest req;
      if (!proto::decode(r, v, req)) return Outcome::Close;
      bool ok = req.keyType == 0 || req.keyType == 1;  // groups and transactions
      if (v >= 1) w.i32(0);
      w.i16(ok ? kerr::kNone : kerr::kCoordinatorNotAvailable);
      if (v >= 1) {
        if (ok)
          w.nullString();
        else
          w.string("the embedded broker coordinates groups (key type 0) and transactions (1) only");
      }
      w.i32(ok ? kNodeId : -1);
      w.string(ok ? advertisedHost : "");
      w.i32(ok ? boundPort.load() : -1);
      return Outcome::Respond;
    }

    case proto::kJoinGroup: {
      proto::JoinGroupRequest req;
      if (!proto::decode(r, v, req)) return Outcome::Close;
      c.busy = true;
      uint64_t connId = c.id;
      int32_t corr = h.correlationId;
      std::string groupId = req.groupId;
      groups->join(req, clientId, c.peerHost, steadyNowMs(), [this, connId, corr, v, groupId](const JoinResult& res) {
        std::string resp = newResponse();
        wire::Writer rw(resp);
        if (v >= 2) rw.i32(0);
        rw.i16(res.error);
        rw.i32(res.generationId);
        rw.string(res.protocolName);
        rw.string(res.leaderId);
        rw.string(res.memberId);
        rw.array(res.members.size());
        for (const auto& [id, meta] : res.members) {
          rw.string(id);
          if (v >= 5) rw.nullableString(groups->instanceOf(groupId, id));
          rw.bytes(meta);
        }
        finishResponse(resp, corr);
        complete(connId, std::move(resp));
      });
      return Outcome::Deferred;
    }

    case proto::kSyncGroup: {
      proto::SyncGroupRequest req;
      if (!proto::decode(r, v, req)) return Outcome::Close;
      c.busy = true;
      uint64_t connId = c.id;
      int32_t corr = h.correlationId;
      groups->sync(req, steadyNowMs(), [this, connId, corr, v](const SyncResult& res) {
        std::string resp = newResponse();
        wire::Writer rw(resp);
        if (v >= 1) rw.i32(0);
        rw.i16(res.error);
        rw.bytes(res.assignment);
        finishResponse(resp, corr);
        complete(connId, std::move(resp));
      });
      return Outcome::Deferred;
    }

    case proto::kHeartbeat: {
      proto::HeartbeatRequest req;
      if (!proto::decode(r, v, req)) return Outcome::Close;
      if (v >= 1) w.i32(0);
      w.i16(groups->heartbeat(req, steadyNowMs()));
      return Outcome::Respond;
    }

    case proto::kLeaveGroup: {
      proto::LeaveGroupRequest req;
      if (!proto::decode(r, v, req)) return Outcome::Close;
      writeLeaveGroupResponse(w, v, req, groups->leave(req, steadyNowMs()));
      return Outcome::Respond;
    }

    case proto::kListGroups: {
      if (r.remaining() != 0) return Outcome::Close;
      auto list = groups->list();
      if (v >= 1) w.i32(0);
      w.i16(kerr::kNone);
      w.array(list.size());
      for (const auto& [id, type] : list) {
        w.string(id);
        w.string(type);
      }
      return Outcome::Respond;
    }

    case proto::kDescribeGroups: {
      proto::DescribeGroupsRequest req;
      if (!proto::decode(r, v, req)) return Outcome::Close;
      if (v >= 1) w.i32(0);
      w.array(req.groups.size());
      for (const std::string& id : req.groups) {
        GroupDescription d = groups->describe(id);
        w.i16(id.empty() ? kerr::kInvalidGroupId : kerr::kNone);
        w.string(d.groupId);
        w.string(d.state);
        w.string(d.protocolType);
        w.string(d.protocol);
        w.array(d.members.size());
        for (const auto& m : d.members) {
          w.string(m.memberId);
          if (v >= 4) w.nullableString(m.instanceId);
          w.string(m.clientId);
          w.string(m.clientHost);
          w.bytes(m.metadata);
          w.bytes(m.assignment);
        }
        if (v >= 3) w.i32(kNoAuthorizedOperations);
      }
      return Outcome::Respond;
    }

    case proto::kCreateTopics: {
      proto::CreateTopicsRequest req;
      if (!proto::decode(r, v, req)) return Outcome::Close;
      std::map<std::string, int> seen;
      for (const auto& t : req.topics) ++seen[t.name];
      if (v >= 2) w.i32(0);
      w.array(req.topics.size());
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
        w.string(t.name);
        w.i16(error);
        if (v >= 1) {
          if (error == kerr::kNone)
            w.nullString();
          else
            w.string(message);
        }
      }
      return Outcome::Respond;
    }

    case proto::kDeleteTopics: {
      proto::DeleteTopicsRequest req;
      if (!proto::decode(r, v, req)) return Outcome::Close;
      if (v >= 1) w.i32(0);
      w.array(req.names.size());
      for (const std::string& name : req.names) {
        std::string message;
        int16_t error = topics->remove(name, message);
        if (error == kerr::kNone) {
          groups->forgetTopic(name);
          txns->forgetTopic(name);
        }
        w.string(name);
        w.i16(error);
      }
      return Outcome::Respond;
    }

    case proto::kCreatePartitions: {
      proto::CreatePartitionsRequest req;
      if (!proto::decode(r, v, req)) return Outcome::Close;
      w.i32(0);
      w.array(req.topics.size());
      for (const auto& t : req.topics) {
        std::string message;
        int16_t error = topics->addPartitions(t.name, t.count, req.validateOnly, message);
        w.string(t.name);
        w.i16(error);
        if (error == kerr::kNone)
          w.nullString();
        else
          w.string(message);
      }
      return Outcome::Respond;
    }

    case proto::kDeleteRecords: {
      proto::DeleteRecordsRequest req;
      if (!proto::decode(r, v, req)) return Outcome::Close;
      w.i32(0);
      w.array(req.topics.size());
      for (const auto& t : req.topics) {
        w.string(t.name);
        w.array(t.partitions.size());
        for (const auto& p : t.partitions) {
          PartitionLog* log = partitionOf(*topics, t.name, p.index);
          int16_t error = log ? log->deleteRecordsBefore(p.offset) : kerr::kUnknownTopicOrPartition;
          w.i32(p.index);
          w.i64(log ? log->logStartOffset() : -1);
          w.i16(error);
        }
      }
      return Outcome::Respond;
    }

    case proto::kInitProducerId: {
      proto::InitProducerIdRequest req;
      if (!proto::decode(r, v, req)) return Outcome::Close;
      w.i32(0);
      if (req.transactionalId) {
        auto res = txns->initProducerId(*req.transactionalId, req.transactionTimeoutMs,
                                        std::chrono::duration_cast<std::chrono::milliseconds>(
                                            std::chrono::system_clock::now().time_since_epoch())
                                            .count());
        w.i16(res.error);
        w.i64(res.producerId);
        w.i16(res.epoch);
        return Outcome::Respond;
      }
      auto id = allocateProducerId();
      if (!id) spdlog::error("broker: {}", id.error().toString());
      w.i16(id ? kerr::kNone : kerr::kUnknownServerError);
      w.i64(id ? *id : -1);
      w.i16(id ? 0 : -1);
      return Outcome::Respond;
    }

    case proto::kDescribeConfigs: {
      proto::DescribeConfigsRequest req;
      if (!proto::decode(r, v, req)) return Outcome::Close;
      w.i32(0);
      w.array(req.resources.size());
      for (const auto& res : req.resources) {
        std::vector<ConfigValue> values;
        int16_t error = kerr::kNone;
        std::string message;
        bool isTopic = res.type == 2;
        if (isTopic) {
          if (TopicStore::Topic* t = topics->find(res.name))
            values = topics->describe(*t);
          else {
            error = kerr::kUnknownTopicOrPartition;
            message = "no topic '" + res.name + "'";
          }
        } else if (res.type == 4 && (res.name.empty() || res.name == std::to_string(kNodeId))) {
          values = topics->describeBroker();
        } else {
          error = kerr::kInvalidRequest;
          message = "unknown config resource " + std::to_string(res.type) + " '" + res.name + "'";
        }
        if (res.keys) {
          std::set<std::string> keys(res.keys->begin(), res.keys->end());
          std::erase_if(values, [&](const ConfigValue& cv) { return !keys.count(cv.name); });
        }
        w.i16(error);
        if (message.empty())
          w.nullString();
        else
          w.string(message);
        w.i8(res.type);
        w.string(res.name);
        w.array(values.size());
        for (const ConfigValue& cv : values) {
          int8_t source = cv.isDefault ? 5
                          : isTopic    ? 1
                                       : 4;  // DEFAULT_CONFIG, DYNAMIC_TOPIC_CONFIG, STATIC_BROKER_CONFIG
          w.string(cv.name);
          w.string(cv.value);
          w.boolean(cv.readOnly);
          if (v == 0)
            w.boolean(cv.isDefault);
          else
            w.i8(source);
          w.boolean(false);  // sensitive
          if (v >= 1) {
            if (req.includeSynonyms) {
              w.array(1);
              w.string(cv.name);
              w.string(cv.value);
              w.i8(source);
            } else {
              w.array(0);
            }
          }
        }
      }
      return Outcome::Respond;
    }

    case proto::kAlterConfigs: {
      proto::AlterConfigsRequest req;
      if (!proto::decode(r, v, req)) return Outcome::Close;
      w.i32(0);
      w.array(req.resources.size());
      for (const auto& res : req.resources) {
        int16_t error = kerr::kNone;
        std::string message;
        if (res.type == 2) {
          std::map<std::string, std::string> configs;
          for (const auto& [name, value] : res.configs)
            if (value) configs[name] = *value;
          error = topics->alterConfigs(res.name, configs, req.validateOnly, message);
        } else {
          error = kerr::kInvalidRequest;
          message = "only topic configs can be altered; broker settings come from its command line";
        }
        w.i16(error);
        if (message.empty())
          w.nullString();
        else
          w.string(message);
        w.i8(res.type);
        w.string(res.name);
      }
      return Outcome::Respond;
    }

    case proto::kAddPartitionsToTxn: {
      proto::AddPartitionsToTxnRequest req;
      if (!proto::decode(r, v, req)) return Outcome::Close;
      handleAddPartitionsToTxn(req, w);
      return Outcome::Respond;
    }
    case proto::kAddOffsetsToTxn: {
      proto::AddOffsetsToTxnRequest req;
      if (!proto::decode(r, v, req)) return Outcome::Close;
      handleAddOffsetsToTxn(req, w);
      return Outcome::Respond;
    }
    case proto::kEndTxn: {
      proto::EndTxnRequest req;
      if (!proto::decode(r, v, req)) return Outcome::Close;
      handleEndTxn(req, w);
      return Outcome::Respond;
    }
    case proto::kTxnOffsetCommit: {
      proto::TxnOffsetCommitRequest req;
      if (!proto::decode(r, v, req)) return Outcome::Close;
      handleTxnOffsetCommit(req, w);
      return Outcome::Respond;
    }

    default:
      return Outcome::Close;
  }
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

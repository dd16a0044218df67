// Request handlers of the transaction APIs (AddPartitionsToTxn,
// AddOffsetsToTxn, EndTxn, TxnOffsetCommit), the transaction markers the
// coordinator writes, and the read_committed view of a fetched partition.
// Runs on the network thread; state lives in TransactionCoordinator.
#include <spdlog/spdlog.h>

#include "core/base/clock.h"
#include "core/broker/broker_impl.h"
#include "core/broker/crc32c.h"
#include "core/broker/error_codes.h"
#include "core/broker/record_batch.h"

namespace tributary::broker {

namespace {

// A control batch holding one commit or abort marker (Kafka's
// EndTransactionMarker: key = version 0, type; value = version 0, coordinator epoch).
std::string markerBatch(int64_t producerId, int16_t epoch, bool commit, int64_t nowMs) {
  std::string record;
  wire::Writer rw(record);
  rw.i8(0);                   // record attributes
  rw.i8(0);                   // timestamp delta (varint 0)
  rw.i8(0);                   // offset delta (varint 0)
  rw.i8(8);                   // key length 4 (zig-zag varint)
  rw.i16(0);                  // key: version
  rw.i16(commit ? 1 : 0);     // key: type
  rw.i8(12);                  // value length 6
  rw.i16(0);                  // value: version
  rw.i32(0);                  // value: coordinator epoch
  rw.i8(0);                   // no headers
  std::string batch;
  wire::Writer w(batch);
  w.i64(0);  // base offset: set by the log
  w.i32(static_cast<int32_t>(kBatchHeaderSize - kBatchLogOverhead + 1 + record.size()));
  w.i32(0);       // partition leader epoch
  w.i8(2);        // magic
  w.u32(0);       // CRC, below
  w.i16(0x30);    // transactional | control
  w.i32(0);       // last offset delta
  w.i64(nowMs);   // base timestamp
  w.i64(nowMs);   // max timestamp
  w.i64(producerId);
  w.i16(epoch);
  w.i32(-1);  // base sequence: markers have none
  w.i32(1);   // one record
  w.i8(static_cast<int8_t>(record.size() * 2));  // record length (zig-zag varint, < 64)
  w.raw(record);
  uint32_t crc = crc32c(batch.data() + kBatchAttributesOffset, batch.size() - kBatchAttributesOffset);
  for (int i = 0; i < 4; ++i) batch[kBatchCrcOffset + i] = static_cast<char>(crc >> (24 - 8 * i));
  return batch;
}

}  // namespace

Result<int64_t> Broker::Impl::writeTxnMarker(const std::pair<std::string, int32_t>& tp, int64_t producerId,
                                             int16_t epoch, bool commit) {
  TopicStore::Topic* t = topics->find(tp.first);
  if (!t || tp.second < 0 || static_cast<std::size_t>(tp.second) >= t->partitions.size())
    return makeError(ErrorCode::NotFound, "no such partition", tp.first + "[" + std::to_string(tp.second) + "]");
  PartitionLog& log = *t->partitions[static_cast<std::size_t>(tp.second)];
  std::string batch = markerBatch(producerId, epoch, commit, base::wallMs());
  BatchHeader h;
  if (checkBatch(batch, h, true) != BatchCheck::Ok)
    return makeError(ErrorCode::Internal, "the marker batch does not check");
  AppendOutcome a = log.append(batch, {h}, base::wallMs());
  if (a.error != kerr::kNone) return makeError(ErrorCode::Io, "marker not written: " + a.message);
  dataAppended = true;
  return a.baseOffset;
}

using Outcome = Broker::Impl::Outcome;

Outcome Broker::Impl::handleAddPartitionsToTxn(Connection&, const proto::RequestHeader& h, wire::Reader& r,
                                               std::string& out) {
  proto::AddPartitionsToTxnRequest req;
  if (!proto::decode(r, h.apiVersion, req)) return Outcome::Close;
  int64_t now = base::wallMs();
  proto::AddPartitionsToTxnResponse resp;
  std::vector<TransactionCoordinator::TopicPartition> valid;  // added in one go (one save of the state)
  std::vector<std::pair<std::size_t, std::size_t>> at;         // their places in the response
  for (const auto& [name, partitions] : req.topics) {
    auto& topicResp = resp.topics.emplace_back();
    topicResp.name = name;
    TopicStore::Topic* t = topics->find(name);
    for (int32_t p : partitions) {
      int16_t e = kerr::kNone;
      if (!t || p < 0 || static_cast<std::size_t>(p) >= t->partitions.size()) {
        e = kerr::kUnknownTopicOrPartition;
      } else {
        valid.push_back({name, p});
        at.emplace_back(resp.topics.size() - 1, topicResp.partitions.size());
      }
      topicResp.partitions.emplace_back(p, e);
    }
  }
  if (!valid.empty()) {
    std::vector<int16_t> errors = txns->addPartitions(req.transactionalId, req.producerId, req.producerEpoch, valid, now);
    for (std::size_t i = 0; i < valid.size(); ++i) resp.topics[at[i].first].partitions[at[i].second].second = errors[i];
  }
  wire::Writer w(out);
  proto::encode(w, h.apiVersion, resp);
  return Outcome::Respond;
}

Outcome Broker::Impl::handleAddOffsetsToTxn(Connection&, const proto::RequestHeader& h, wire::Reader& r,
                                            std::string& out) {
  proto::AddOffsetsToTxnRequest req;
  if (!proto::decode(r, h.apiVersion, req)) return Outcome::Close;
  wire::Writer w(out);
  proto::encode(w, h.apiVersion,
                proto::AddOffsetsToTxnResponse{
                    txns->addOffsets(req.transactionalId, req.producerId, req.producerEpoch, req.groupId,
                                     base::wallMs())});
  return Outcome::Respond;
}

Outcome Broker::Impl::handleEndTxn(Connection&, const proto::RequestHeader& h, wire::Reader& r, std::string& out) {
  proto::EndTxnRequest req;
  if (!proto::decode(r, h.apiVersion, req)) return Outcome::Close;
  wire::Writer w(out);
  proto::encode(w, h.apiVersion,
                proto::EndTxnResponse{
                    txns->endTxn(req.transactionalId, req.producerId, req.producerEpoch, req.committed)});
  // The markers moved the last stable offset: read_committed fetches may be answerable now.
  if (dataAppended) checkParkedFetches(base::steadyMs(), false);
  return Outcome::Respond;
}

Outcome Broker::Impl::handleTxnOffsetCommit(Connection&, const proto::RequestHeader& h, wire::Reader& r,
                                            std::string& out) {
  proto::TxnOffsetCommitRequest req;
  if (!proto::decode(r, h.apiVersion, req)) return Outcome::Close;
  TransactionCoordinator::Offsets offsets;
  proto::TxnOffsetCommitResponse resp;
  for (const auto& t : req.topics) {
    auto& topicResp = resp.topics.emplace_back();
    topicResp.name = t.name;
    TopicStore::Topic* topic = topics->find(t.name);
    for (const auto& p : t.partitions) {
      bool known = topic && p.index >= 0 && static_cast<std::size_t>(p.index) < topic->partitions.size();
      topicResp.partitions.emplace_back(p.index, known ? kerr::kNone : kerr::kUnknownTopicOrPartition);
      if (known) offsets.push_back({{t.name, p.index}, CommittedOffset{p.offset, p.metadata.value_or("")}});
    }
  }
  int16_t e = txns->txnOffsetCommit(req.transactionalId, req.producerId, req.producerEpoch, req.groupId, offsets);
  for (auto& t : resp.topics)
    for (auto& p : t.partitions)
      if (p.second == kerr::kNone) p.second = e;
  wire::Writer w(out);
  proto::encode(w, h.apiVersion, resp);
  return Outcome::Respond;
}

void Broker::Impl::cutAtOffset(std::string& out, std::size_t from, int64_t limit) {
  std::size_t pos = from;
  while (pos + kBatchHeaderSize <= out.size()) {
    BatchHeader h;
    if (!parseBatchHeader(std::string_view(out).substr(pos), h)) break;
    if (h.baseOffset >= limit) {
      out.resize(pos);
      return;
    }
    pos += h.totalSize();
  }
}

// DescribeTransactions (KIP-664): each named transactional id's state, or
// TRANSACTIONAL_ID_NOT_FOUND; the partitions only while a transaction is open.
Outcome Broker::Impl::handleDescribeTransactions(Connection&, const proto::RequestHeader& h, wire::Reader& r,
                                                 std::string& out) {
  proto::DescribeTransactionsRequest req;
  if (!proto::decode(r, h.apiVersion, req)) return Outcome::Close;
  std::map<std::string, TransactionCoordinator::Description> known;
  for (auto& d : txns->list()) known.emplace(d.transactionalId, std::move(d));
  proto::DescribeTransactionsResponse resp;
  for (const std::string& id : req.transactionalIds) {
    auto& s = resp.states.emplace_back();
    s.transactionalId = id;
    auto it = known.find(id);
    if (it == known.end()) {
      s.error = kerr::kTransactionalIdNotFound;
      continue;
    }
    const auto& d = it->second;
    s.state = d.state;
    s.timeoutMs = d.timeoutMs;
    s.startMs = d.startMs;
    s.producerId = d.producerId;
    s.producerEpoch = d.epoch;
    for (const auto& [topic, partition] : d.partitions) {
      if (s.topics.empty() || s.topics.back().first != topic) s.topics.emplace_back(topic, std::vector<int32_t>{});
      s.topics.back().second.push_back(partition);
    }
  }
  wire::Writer w(out);
  proto::encode(w, h.apiVersion, resp);
  return Outcome::Respond;
}

// ListTransactions (KIP-664): every transactional id, or those in one of the
// named states and of one of the named producer ids. State names this
// coordinator never uses but Kafka's does are valid filters that match nothing;
// others are answered in UnknownStateFilters. v1's DurationFilter (KIP-994,
// what `kafka-transactions.sh find-hanging` relies on): when >= 0, only
// transactions open for longer than that many ms (a transaction that is not
// open has no running time and is left out).
Outcome Broker::Impl::handleListTransactions(Connection&, const proto::RequestHeader& h, wire::Reader& r,
                                             std::string& out) {
  proto::ListTransactionsRequest req;
  if (!proto::decode(r, h.apiVersion, req)) return Outcome::Close;
  static const std::set<std::string> kStates = {"Empty",          "Ongoing",       "PrepareCommit", "PrepareAbort",
                                                "CompleteCommit", "CompleteAbort", "Dead",          "PrepareEpochFence"};
  proto::ListTransactionsResponse resp;
  std::set<std::string> states;
  for (const std::string& s : req.stateFilters)
    if (kStates.count(s))
      states.insert(s);
    else
      resp.unknownStateFilters.push_back(s);
  std::set<int64_t> producers(req.producerIdFilters.begin(), req.producerIdFilters.end());
  const int64_t now = base::wallMs();
  for (const auto& d : txns->list()) {
    if (!req.stateFilters.empty() && !states.count(d.state)) continue;
    if (!producers.empty() && !producers.count(d.producerId)) continue;
    if (req.durationFilterMs >= 0 && (d.startMs < 0 || now - d.startMs <= req.durationFilterMs)) continue;
    resp.states.push_back({d.transactionalId, d.producerId, d.state});
  }
  wire::Writer w(out);
  proto::encode(w, h.apiVersion, resp);
  return Outcome::Respond;
}

}  // namespace tributary::broker

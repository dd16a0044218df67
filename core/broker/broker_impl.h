#pragma once
// Internals of Broker shared by broker.cpp (network loop) and handlers.cpp
// (request handlers). Everything here lives on the network thread.

#include <atomic>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "core/broker/broker.h"
#include "core/broker/group_coordinator.h"
#include "core/broker/protocol.h"
#include "core/broker/topic_store.h"
#include "core/broker/transaction_coordinator.h"

namespace tributary::broker {

inline constexpr int32_t kNodeId = 0;

struct Connection {
  uint64_t id = 0;
  int fd = -1;
  std::string peerHost;
  std::string in;  // received bytes; frames are parsed from inStart
  std::size_t inStart = 0;
  std::deque<std::string> out;  // responses waiting to be sent
  std::size_t outOffset = 0;    // bytes of out.front() already sent
  std::size_t outBytes = 0;
  bool busy = false;     // a request is waiting for a deferred answer
  bool closing = false;  // close once `out` is sent
  uint32_t events = 0;   // epoll interest currently registered
};

struct ParkedFetch {
  uint64_t connId = 0;
  int32_t correlationId = 0;
  int16_t version = 0;
  proto::FetchRequest request;
  int64_t deadlineMs = 0;
  int64_t bytesFound = 0;
  uint64_t appendedAtPark = 0;
};

struct Broker::Impl {
  BrokerOptions options;
  std::string advertisedHost;
  std::string clusterId;
  std::atomic<uint16_t> boundPort{0};
  std::atomic<bool> isRunning{false};
  int listenFd = -1;
  int epollFd = -1;
  int wakeFd = -1;
  int lockFd = -1;
  std::thread thread;
  std::atomic<bool> stopRequested{false};

  std::unique_ptr<TopicStore> topics;
  std::unique_ptr<GroupCoordinator> groups;
  std::unique_ptr<TransactionCoordinator> txns;
  std::map<uint64_t, Connection> connections;
  uint64_t nextConnId = 1;
  std::vector<ParkedFetch> parkedFetches;
  std::vector<uint64_t> resumable;  // connections whose deferred answer arrived
  bool dataAppended = false;
  std::unique_ptr<LogCleaner> cleaner;
  std::atomic<uint64_t> cleaningRequested{0};
  std::atomic<uint64_t> cleaningCompleted{0};
  uint64_t cleaningSeen = 0;     // network thread: last request turned into forcedCleaning
  uint64_t cleaningPending = 0;  // network thread: request being served
  std::set<std::pair<std::string, int32_t>> forcedCleaning;
  int64_t lastCleanerCheck = 0;
  int64_t nextProducerId = 0;
  int64_t producerIdBlockEnd = 0;

  // broker.cpp
  Status open();
  void run();
  void acceptAll();
  void onReadable(Connection& c);
  void onWritable(Connection& c);
  void processInput(Connection& c);
  void updateInterest(Connection& c);
  void closeConnection(uint64_t id, const char* why);
  void send(Connection& c, std::string response);
  // Sends the response of a deferred request and lets the connection go on.
  void complete(uint64_t connId, std::string response);
  void checkParkedFetches(int64_t nowMs, bool force);
  Result<int64_t> allocateProducerId();
  // Takes the cleaner's result and hands it the next partition (network thread).
  void driveCleaner(int64_t nowMs);

  // handlers.cpp. handle() answers ApiVersions, closes on a request type or
  // version the broker does not implement, and otherwise calls the request's
  // handler from the dispatch table (kHandlers). `out` starts with the 8
  // reserved bytes of newResponse() (size and correlation id). The outcome:
  // Respond: the response is in `out`; NoResponse: none is due (produce with
  // acks=0); Deferred: the answer comes later through complete() (a parked
  // fetch, a group join or sync); Close: the request was malformed, close the
  // connection.
  enum class Outcome { Respond, NoResponse, Deferred, Close };
  Outcome handle(Connection& c, const proto::RequestHeader& h, std::string_view body, std::string& out);
  using Handler = Outcome (Impl::*)(Connection& c, const proto::RequestHeader& h, wire::Reader& body,
                                    std::string& out);
  Outcome handleProduce(Connection& c, const proto::RequestHeader& h, wire::Reader& body, std::string& out);
  Outcome handleFetch(Connection& c, const proto::RequestHeader& h, wire::Reader& body, std::string& out);
  Outcome handleListOffsets(Connection& c, const proto::RequestHeader& h, wire::Reader& body, std::string& out);
  Outcome handleMetadata(Connection& c, const proto::RequestHeader& h, wire::Reader& body, std::string& out);
  Outcome handleOffsetCommit(Connection& c, const proto::RequestHeader& h, wire::Reader& body, std::string& out);
  Outcome handleOffsetFetch(Connection& c, const proto::RequestHeader& h, wire::Reader& body, std::string& out);
  Outcome handleFindCoordinator(Connection& c, const proto::RequestHeader& h, wire::Reader& body, std::string& out);
  Outcome handleJoinGroup(Connection& c, const proto::RequestHeader& h, wire::Reader& body, std::string& out);
  Outcome handleHeartbeat(Connection& c, const proto::RequestHeader& h, wire::Reader& body, std::string& out);
  Outcome handleLeaveGroup(Connection& c, const proto::RequestHeader& h, wire::Reader& body, std::string& out);
  Outcome handleSyncGroup(Connection& c, const proto::RequestHeader& h, wire::Reader& body, std::string& out);
  Outcome handleDescribeGroups(Connection& c, const proto::RequestHeader& h, wire::Reader& body, std::string& out);
  Outcome handleListGroups(Connection& c, const proto::RequestHeader& h, wire::Reader& body, std::string& out);
  Outcome handleCreateTopics(Connection& c, const proto::RequestHeader& h, wire::Reader& body, std::string& out);
  Outcome handleDeleteTopics(Connection& c, const proto::RequestHeader& h, wire::Reader& body, std::string& out);
  Outcome handleDeleteRecords(Connection& c, const proto::RequestHeader& h, wire::Reader& body, std::string& out);
  Outcome handleInitProducerId(Connection& c, const proto::RequestHeader& h, wire::Reader& body, std::string& out);
  Outcome handleDescribeConfigs(Connection& c, const proto::RequestHeader& h, wire::Reader& body, std::string& out);
  Outcome handleAlterConfigs(Connection& c, const proto::RequestHeader& h, wire::Reader& body, std::string& out);
  Outcome handleCreatePartitions(Connection& c, const proto::RequestHeader& h, wire::Reader& body,
                                 std::string& out);
  // Writes a Fetch response; its record bytes are copied from the logs
  // straight into `out`. Returns the record bytes found, or -1 on an error.
  int64_t runFetch(const proto::FetchRequest& req, int16_t version, std::string& out, uint64_t* appended);
  uint64_t appendedBytesOf(const proto::FetchRequest& req);

  // transaction_handlers.cpp
  Result<int64_t> writeTxnMarker(const std::pair<std::string, int32_t>& tp, int64_t producerId, int16_t epoch,
                                 bool commit);
  Outcome handleAddPartitionsToTxn(Connection& c, const proto::RequestHeader& h, wire::Reader& body,
                                   std::string& out);
  Outcome handleAddOffsetsToTxn(Connection& c, const proto::RequestHeader& h, wire::Reader& body, std::string& out);
  Outcome handleEndTxn(Connection& c, const proto::RequestHeader& h, wire::Reader& body, std::string& out);
  Outcome handleTxnOffsetCommit(Connection& c, const proto::RequestHeader& h, wire::Reader& body, std::string& out);
  Outcome handleDescribeTransactions(Connection& c, const proto::RequestHeader& h, wire::Reader& body,
                                     std::string& out);
  Outcome handleListTransactions(Connection& c, const proto::RequestHeader& h, wire::Reader& body, std::string& out);
  // Drops the batches appended to `out` after `from` whose base offset is >= `limit`.
  static void cutAtOffset(std::string& out, std::size_t from, int64_t limit);
};

// Fills the size and correlation id of a response built after 8 reserved bytes.
void finishResponse(std::string& out, int32_t correlationId);
std::string newResponse();

}  // namespace tributary::broker

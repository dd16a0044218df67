# Third-party libraries, all from Debian bookworm (scripts/deps.sh installs them).
find_package(PkgConfig REQUIRED)
find_package(Threads REQUIRED)
find_package(nlohmann_json 3.10 REQUIRED)
find_package(spdlog REQUIRED)
pkg_check_modules(RDKAFKA REQUIRED IMPORTED_TARGET rdkafka)
pkg_check_modules(LIBPQ REQUIRED IMPORTED_TARGET libpq)
pkg_check_modules(MARIADB REQUIRED IMPORTED_TARGET libmariadb)
pkg_check_modules(HTTPLIB REQUIRED IMPORTED_TARGET cpp-httplib)
pkg_check_modules(MOSQUITTO REQUIRED IMPORTED_TARGET libmosquitto)
pkg_check_modules(CURL REQUIRED IMPORTED_TARGET libcurl)
pkg_check_modules(AVRO REQUIRED IMPORTED_TARGET avro-c)
pkg_check_modules(SNAPPY REQUIRED IMPORTED_TARGET snappy)
pkg_check_modules(ZSTD REQUIRED IMPORTED_TARGET libzstd)
pkg_check_modules(ROCKSDB REQUIRED IMPORTED_TARGET rocksdb)
find_package(simdjson REQUIRED)
find_package(ZLIB REQUIRED)
find_package(OpenSSL REQUIRED)

# mysql-connector-c++ 1.1 ships neither CMake nor pkg-config files.
find_path(MYSQLCPPCONN_INCLUDE_DIR cppconn/driver.h REQUIRED)
find_library(MYSQLCPPCONN_LIBRARY mysqlcppconn REQUIRED)
add_library(mysqlcppconn::mysqlcppconn UNKNOWN IMPORTED)
set_target_properties(mysqlcppconn::mysqlcppconn PROPERTIES
  IMPORTED_LOCATION "${MYSQLCPPCONN_LIBRARY}"
  INTERFACE_INCLUDE_DIRECTORIES "${MYSQLCPPCONN_INCLUDE_DIR}")

# Qt: core's tests use QtTest (QtCore only); the GUI adds Widgets, Charts and Svg.
set(TRIBUTARY_QT_COMPONENTS Core)
if(TRIBUTARY_TESTS)
  list(APPEND TRIBUTARY_QT_COMPONENTS Test)
endif()
if(TRIBUTARY_GUI)
  list(APPEND TRIBUTARY_QT_COMPONENTS Gui Widgets Charts Svg LinguistTools)
endif()
if(TRIBUTARY_TESTS OR TRIBUTARY_GUI)
  find_package(Qt6 6.4 REQUIRED COMPONENTS ${TRIBUTARY_QT_COMPONENTS})
endif()

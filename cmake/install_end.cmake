# install_end.cmake - runs last in `cmake --install`: keeps the list of
# files just installed (what CMake writes to install_manifest.txt), per
# prefix, so that `make uninstall PREFIX=...` removes exactly those even
# after other installs from the same build tree.
get_filename_component(_zs_dest "$ENV{DESTDIR}${CMAKE_INSTALL_PREFIX}" ABSOLUTE)
string(MD5 _zs_key "${_zs_dest}")
set(_zs_file "${ZSLAB_RECORD_DIR}/${_zs_key}.files")
set(_zs_files ${CMAKE_INSTALL_MANIFEST_FILES})
if(EXISTS "${_zs_file}")
  file(STRINGS "${_zs_file}" _zs_before)
  list(APPEND _zs_files ${_zs_before})
endif()
list(REMOVE_DUPLICATES _zs_files)
string(REPLACE ";" "\n" _zs_text "${_zs_files}")
file(WRITE "${_zs_file}" "${_zs_text}\n")

# install_begin.cmake - runs first in `cmake --install` (CMakeLists.txt):
# notes which of the directories zslab installs into do not exist yet,
# so that uninstall.cmake removes those (when empty) and nothing else.
# Inputs: ZSLAB_RECORD_DIR (build tree), ZSLAB_INSTALL_DIRS (relative).
get_filename_component(_zs_dest "$ENV{DESTDIR}${CMAKE_INSTALL_PREFIX}" ABSOLUTE)
string(MD5 _zs_key "${_zs_dest}")
set(_zs_created "")
foreach(_zs_rel IN LISTS ZSLAB_INSTALL_DIRS)
  set(_zs_dir "${_zs_dest}/${_zs_rel}")
  # the directory and each parent up to the prefix itself
  while(NOT _zs_dir STREQUAL "" AND NOT EXISTS "${_zs_dir}")
    list(APPEND _zs_created "${_zs_dir}")
    if(_zs_dir STREQUAL _zs_dest)
      break()
    endif()
    get_filename_component(_zs_dir "${_zs_dir}" DIRECTORY)
  endwhile()
endforeach()
if(NOT EXISTS "${_zs_dest}")
  list(APPEND _zs_created "${_zs_dest}")
endif()
list(REMOVE_DUPLICATES _zs_created)
# a re-install over an earlier one keeps what that one created
set(_zs_file "${ZSLAB_RECORD_DIR}/${_zs_key}.dirs")
if(EXISTS "${_zs_file}")
  file(STRINGS "${_zs_file}" _zs_before)
  list(APPEND _zs_created ${_zs_before})
  list(REMOVE_DUPLICATES _zs_created)
endif()
string(REPLACE ";" "\n" _zs_text "${_zs_created}")
file(WRITE "${_zs_file}" "${_zs_text}\n")
file(WRITE "${ZSLAB_RECORD_DIR}/${_zs_key}.prefix" "${_zs_dest}\n")

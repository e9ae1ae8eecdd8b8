"""A Telegram Bot API server on loopback, for tests, benchmarks and `python -m bot --local`.

It speaks enough of the Bot API for python-telegram-bot to run unchanged against it (point the
bot at `LocalBotApi.base_url` / `base_file_url`): getMe, getUpdates (long-poll over a queue the
caller feeds), sendMessage, sendPhoto, sendDocument, getFile and file downloads,
answerCallbackQuery, editMessageText, editMessageReplyMarkup, deleteMessage, setMyCommands,
deleteWebhook, setWebhook, sendChatAction. Every call is recorded, and faults can be injected:
a 429 with `retry_after` or a 403 "bot was blocked by the user".
"""

from __future__ import annotations

import email.parser
import email.policy
import itertools
import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

from telegram.request import BaseRequest, RequestData

JSON_PARAMS = {
    "reply_markup",
    "entities",
    "caption_entities",
    "allowed_updates",
    "commands",
    "scope",
    "link_preview_options",
    "reply_parameters",
    "media",
}
INT_PARAMS = {"chat_id", "message_id", "offset", "limit", "timeout", "user_id", "cache_time"}
LOCAL_TOKEN = "123456:LOCAL-TOKEN"


@dataclass(frozen=True)
class ApiCall:
    """One request the bot made: method name, decoded parameters and uploaded files."""

    method: str
    params: dict[str, Any]
    files: dict[str, tuple[str, bytes]] = field(default_factory=dict)
    at: float = field(default_factory=time.monotonic)

    @property
    def text(self) -> str:
        return str(self.params.get("text") or self.params.get("caption") or "")

    @property
    def chat_id(self) -> int | str | None:
        return self.params.get("chat_id")

    def buttons(self) -> list[tuple[str, str]]:
        """The inline keyboard as (label, callback_data) pairs, row by row."""
        markup = self.params.get("reply_markup") or {}
        rows = markup.get("inline_keyboard", []) if isinstance(markup, dict) else []
        return [(b.get("text", ""), b.get("callback_data", "")) for row in rows for b in row]


@dataclass
class _Fault:
    method: str
    chat_id: int | None
    status: int
    description: str
    retry_after: int | None
    times: int


class LocalBotApi:
    """A fake Bot API server in a background thread; feed it updates, read what the bot sent."""

    def __init__(
        self,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        token: str = LOCAL_TOKEN,
        bot_username: str = "sbd_animal_bot",
        on_call: Callable[[ApiCall], None] | None = None,
    ) -> None:
        self.token = token
        self.bot_user = {
            "id": int(token.split(":")[0]),
            "is_bot": True,
            "first_name": "SBD Animal",
            "username": bot_username,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
        }
        self.on_call = on_call
        self.calls: list[ApiCall] = []
        self.files: dict[str, tuple[str, bytes]] = {}
        self.messages: dict[tuple[int, int], dict[str, Any]] = {}
        self._updates: list[dict[str, Any]] = []
        self._faults: list[_Fault] = []
        self._blocked: set[int] = set()
        self._condition = threading.Condition()
        # Time-based, so a new local session never reuses an update id already logged.
        self._update_ids = itertools.count(int(time.time() * 1000))
        self._message_ids = itertools.count(1)
        self._file_ids = itertools.count(1)
        self._closed = False
        self._polls_waiting = 0
        self._server = _QuietServer((host, port), self._handler_class())
        self._server.daemon_threads = True
        self._thread: threading.Thread | None = None

    # -- lifecycle -----------------------------------------------------------------------------

    @property
    def port(self) -> int:
        return int(self._server.server_address[1])

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/bot"

    @property
    def base_file_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/file/bot"

    def start(self) -> LocalBotApi:
        """Serves in a daemon thread until `stop()`."""
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        """Wakes long-polls and shuts the server down."""
        with self._condition:
            self._closed = True
            self._condition.notify_all()
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> LocalBotApi:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- feeding updates -----------------------------------------------------------------------

    def push_update(self, update: dict[str, Any]) -> dict[str, Any]:
        """Queues a raw update (an `update_id` is added when missing)."""
        with self._condition:
            update.setdefault("update_id", next(self._update_ids))
            self._updates.append(update)
            self._condition.notify_all()
        return update

    def user(self, user_id: int, *, first_name: str = "Alice", language: str = "en") -> dict:
        """A Telegram user object."""
        return {
            "id": user_id,
            "is_bot": False,
            "first_name": first_name,
            "language_code": language,
        }

    def chat_of(self, user: dict[str, Any], chat_id: int | None = None) -> dict[str, Any]:
        """The private chat with `user`, or a group chat when `chat_id` is negative."""
        if chat_id is None or chat_id == user["id"]:
            return {"id": user["id"], "type": "private", "first_name": user["first_name"]}
        return {"id": chat_id, "type": "group", "title": "Gym"}

    def message_update(
        self,
        text: str,
        *,
        user: dict[str, Any],
        chat_id: int | None = None,
        update_id: int | None = None,
        document: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        """Builds a message update from `user` (commands get their `bot_command` entity)."""
        message: dict[str, Any] = {
            "message_id": next(self._message_ids),
            "date": int(time.time()),
            "chat": self.chat_of(user, chat_id),
            "from": user,
        }
        if document is not None:
            message["document"] = document
            if text:
                message["caption"] = text
        else:
            message["text"] = text
            if text.startswith("/"):
                length = len(text.split()[0]) if text.split() else 1
                message["entities"] = [{"type": "bot_command", "offset": 0, "length": length}]
        update: dict[str, Any] = {"message": message}
        if update_id is not None:
            update["update_id"] = update_id
        return update

    def send_text(self, text: str, *, user: dict[str, Any], chat_id: int | None = None) -> dict:
        """Queues a text message from `user` and returns the update."""
        return self.push_update(self.message_update(text, user=user, chat_id=chat_id))

    def document_update(
        self, filename: str, content: bytes, *, user: dict[str, Any], caption: str = ""
    ) -> dict[str, Any]:
        """A document message from `user` (not queued); the bot can download it with getFile."""
        file_id = self.add_file(filename, content)
        document = {
            "file_id": file_id,
            "file_unique_id": f"u{file_id}",
            "file_name": filename,
            "mime_type": "text/csv",
            "file_size": len(content),
        }
        return self.message_update(caption, user=user, document=document)

    def send_document(
        self, filename: str, content: bytes, *, user: dict[str, Any], caption: str = ""
    ) -> dict[str, Any]:
        """Queues a document message from `user`; the bot can download it with getFile."""
        return self.push_update(self.document_update(filename, content, user=user, caption=caption))

    def press_button(
        self, call: ApiCall, callback_data: str, *, user: dict[str, Any]
    ) -> dict[str, Any]:
        """Queues a callback query as if `user` pressed a button on the message from `call`."""
        message = self.messages.get((int(call.params["chat_id"]), call.params["_message_id"]))
        return self.push_update(
            {
                "callback_query": {
                    "id": str(next(self._update_ids) + 10**6),
                    "from": user,
                    "chat_instance": "local",
                    "data": callback_data,
                    "message": message,
                }
            }
        )

    def add_file(self, filename: str, content: bytes) -> str:
        """Stores a file the bot can fetch by id."""
        file_id = f"file{next(self._file_ids)}"
        self.files[file_id] = (filename, content)
        return file_id

    # -- faults --------------------------------------------------------------------------------

    def fail_next(
        self,
        method: str,
        *,
        status: int = 429,
        retry_after: int | None = 1,
        chat_id: int | None = None,
        times: int = 1,
        description: str | None = None,
    ) -> None:
        """Makes the next `times` calls of `method` fail (429 with retry_after by default)."""
        text = description or (
            f"Too Many Requests: retry after {retry_after}" if status == 429 else "Bad Request"
        )
        with self._condition:
            self._faults.append(_Fault(method, chat_id, status, text, retry_after, times))

    def block(self, chat_id: int) -> None:
        """Answers every send to `chat_id` with 403 "bot was blocked by the user"."""
        self._blocked.add(chat_id)

    # -- reading what the bot did --------------------------------------------------------------

    def calls_of(self, method: str, *, chat_id: int | None = None) -> list[ApiCall]:
        """The recorded calls of `method` (to `chat_id` when given), oldest first."""
        with self._condition:
            return [
                c
                for c in self.calls
                if c.method == method and (chat_id is None or c.chat_id == chat_id)
            ]

    def sent(self, chat_id: int | None = None) -> list[ApiCall]:
        """Messages, photos and documents sent (and edits), oldest first."""
        kinds = {"sendMessage", "sendPhoto", "sendDocument", "editMessageText"}
        with self._condition:
            return [
                c
                for c in self.calls
                if c.method in kinds and (chat_id is None or c.chat_id == chat_id)
            ]

    def wait_for(
        self,
        predicate: Callable[[ApiCall], bool],
        *,
        timeout: float = 10.0,
        after: int = 0,
    ) -> ApiCall:
        """Blocks until a call (at index >= `after`) matches; raises TimeoutError otherwise."""
        deadline = time.monotonic() + timeout
        with self._condition:
            while True:
                for call in self.calls[after:]:
                    if predicate(call):
                        return call
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    methods = [(c.method, c.text[:60]) for c in self.calls[after:]]
                    raise TimeoutError(f"no matching call; got {methods}")
                self._condition.wait(remaining)

    def wait_for_poll(self, *, timeout: float = 10.0) -> None:
        """Blocks until a getUpdates long poll is waiting here for an update."""
        deadline = time.monotonic() + timeout
        with self._condition:
            while not self._polls_waiting:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise TimeoutError("no getUpdates long poll is waiting")
                self._condition.wait(remaining)

    def wait_for_reply(self, chat_id: int, *, timeout: float = 10.0, after: int = 0) -> ApiCall:
        """Blocks until the bot sends something to `chat_id`."""
        return self.wait_for(
            lambda c: (
                c.method in {"sendMessage", "sendPhoto", "sendDocument", "editMessageText"}
                and c.chat_id == chat_id
            ),
            timeout=timeout,
            after=after,
        )

    def mark(self) -> int:
        """The number of calls so far, to pass as `after=` to the wait functions."""
        with self._condition:
            return len(self.calls)

    # -- the API -------------------------------------------------------------------------------

    def _handle(self, method: str, call: ApiCall) -> tuple[int, dict[str, Any]]:
        fault = self._take_fault(method, call.chat_id)
        if fault is not None:
            return fault
        handler = getattr(self, f"_api_{method}", None)
        if handler is None:
            return 200, {"ok": True, "result": True}
        result = handler(call)
        return 200, {"ok": True, "result": result}

    def _take_fault(self, method: str, chat_id: Any) -> tuple[int, dict[str, Any]] | None:
        if method.startswith(("send", "edit")) and chat_id in self._blocked:
            return 403, {
                "ok": False,
                "error_code": 403,
                "description": "Forbidden: bot was blocked by the user",
            }
        with self._condition:
            for fault in self._faults:
                if fault.method == method and fault.chat_id in (None, chat_id):
                    fault.times -= 1
                    if fault.times <= 0:
                        self._faults.remove(fault)
                    body: dict[str, Any] = {
                        "ok": False,
                        "error_code": fault.status,
                        "description": fault.description,
                    }
                    if fault.retry_after is not None and fault.status == 429:
                        body["parameters"] = {"retry_after": fault.retry_after}
                    return fault.status, body
        return None

    def _api_getMe(self, call: ApiCall) -> dict[str, Any]:
        return self.bot_user

    def _api_getUpdates(self, call: ApiCall) -> list[dict[str, Any]]:
        offset = int(call.params.get("offset") or 0)
        limit = int(call.params.get("limit") or 100)
        timeout = float(call.params.get("timeout") or 0)
        deadline = time.monotonic() + min(timeout, 30.0)
        with self._condition:
            self._updates = [u for u in self._updates if u["update_id"] >= offset]
            while not self._updates and not self._closed:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    break
                self._polls_waiting += 1
                self._condition.notify_all()
                self._condition.wait(remaining)
                self._polls_waiting -= 1
            return self._updates[:limit]

    def _new_message(self, call: ApiCall, **content: Any) -> dict[str, Any]:
        chat_id = call.params["chat_id"]
        message = {
            "message_id": next(self._message_ids),
            "date": int(time.time()),
            "chat": {"id": chat_id, "type": "private" if int(chat_id) > 0 else "group"},
            "from": self.bot_user,
            **content,
        }
        if "reply_markup" in call.params:
            message["reply_markup"] = call.params["reply_markup"]
        call.params["_message_id"] = message["message_id"]
        self.messages[(int(chat_id), message["message_id"])] = message
        return message

    def _api_sendMessage(self, call: ApiCall) -> dict[str, Any]:
        return self._new_message(call, text=call.params.get("text", ""))

    def _file_object(self, call: ApiCall, key: str) -> dict[str, Any]:
        if key in call.files:
            filename, content = call.files[key]
            file_id = self.add_file(filename, content)
        else:
            file_id = str(call.params.get(key))
            filename, content = self.files.get(file_id, (file_id, b""))
        return {
            "file_id": file_id,
            "file_unique_id": f"u{file_id}",
            "file_size": len(content),
            "file_name": filename,
        }

    def _api_sendPhoto(self, call: ApiCall) -> dict[str, Any]:
        photo = self._file_object(call, "photo")
        photo.pop("file_name")
        photo.update(width=800, height=500)
        return self._new_message(call, photo=[photo], caption=call.params.get("caption", ""))

    def _api_sendDocument(self, call: ApiCall) -> dict[str, Any]:
        document = self._file_object(call, "document")
        return self._new_message(call, document=document, caption=call.params.get("caption", ""))

    def _api_getFile(self, call: ApiCall) -> dict[str, Any]:
        file_id = str(call.params.get("file_id"))
        filename, content = self.files.get(file_id, ("missing", b""))
        return {
            "file_id": file_id,
            "file_unique_id": f"u{file_id}",
            "file_size": len(content),
            "file_path": f"documents/{file_id}/{filename}",
        }

    def _api_editMessageText(self, call: ApiCall) -> dict[str, Any] | bool:
        key = (int(call.params.get("chat_id") or 0), int(call.params.get("message_id") or 0))
        message = self.messages.get(key)
        if message is None:
            return True
        message["text"] = call.params.get("text", "")
        message.pop("reply_markup", None)
        if "reply_markup" in call.params:
            message["reply_markup"] = call.params["reply_markup"]
        call.params["_message_id"] = key[1]
        return message

    def _api_editMessageReplyMarkup(self, call: ApiCall) -> dict[str, Any] | bool:
        key = (int(call.params.get("chat_id") or 0), int(call.params.get("message_id") or 0))
        message = self.messages.get(key)
        if message is None:
            return True
        message.pop("reply_markup", None)
        if "reply_markup" in call.params:
            message["reply_markup"] = call.params["reply_markup"]
        return message

    def _api_getMyCommands(self, call: ApiCall) -> list[dict[str, Any]]:
        for earlier in reversed(self.calls):
            if earlier.method == "setMyCommands":
                return list(earlier.params.get("commands", []))
        return []

    def _api_getWebhookInfo(self, call: ApiCall) -> dict[str, Any]:
        return {"url": "", "has_custom_certificate": False, "pending_update_count": 0}

    # -- HTTP plumbing -------------------------------------------------------------------------

    def _record(self, call: ApiCall) -> None:
        with self._condition:
            self.calls.append(call)
            self._condition.notify_all()
        if self.on_call is not None:
            self.on_call(call)

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        api = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            # Headers and body go out in separate writes: without TCP_NODELAY, Nagle's algorithm
            # and the client's delayed ACK add ~40 ms to every answer.
            disable_nagle_algorithm = True

            def log_message(self, format: str, *args: Any) -> None:
                """Keeps test and terminal output quiet."""

            def do_GET(self) -> None:
                path = unquote(urlsplit(self.path).path)
                prefix = f"/file/bot{api.token}/"
                if path.startswith(prefix):
                    file_id = path[len(prefix) :].split("/")[1]
                    if file_id in api.files:
                        self._send(200, api.files[file_id][1], "application/octet-stream")
                        return
                    self._send(404, b"not found", "text/plain")
                    return
                self.do_POST()

            def do_POST(self) -> None:
                path = unquote(urlsplit(self.path).path)
                prefix = f"/bot{api.token}/"
                if not path.startswith(prefix):
                    body = {"ok": False, "error_code": 401, "description": "Unauthorized"}
                    self._send_json(401, body)
                    return
                method = path[len(prefix) :]
                params, files = self._read_params()
                call = ApiCall(method, params, files)
                status, body = api._handle(method, call)
                if method != "getUpdates":
                    api._record(call)
                self._send_json(status, body)

            def _read_params(self) -> tuple[dict[str, Any], dict[str, tuple[str, bytes]]]:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                query = dict(parse_qsl(urlsplit(self.path).query))
                content_type = self.headers.get("Content-Type", "")
                files: dict[str, tuple[str, bytes]] = {}
                if content_type.startswith("application/json"):
                    fields: dict[str, Any] = json.loads(raw or b"{}")
                elif content_type.startswith("multipart/form-data"):
                    fields, files = _parse_multipart(content_type, raw)
                else:
                    fields = dict(parse_qsl(raw.decode(), keep_blank_values=True))
                fields = {**query, **fields}
                return {key: _decode(key, value) for key, value in fields.items()}, files

            def _send_json(self, status: int, body: dict[str, Any]) -> None:
                self._send(status, json.dumps(body).encode(), "application/json")

            def _send(self, status: int, payload: bytes, content_type: str) -> None:
                self.send_response(HTTPStatus(status))
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

        return Handler


class _QuietServer(ThreadingHTTPServer):
    """Ignores clients that hang up mid-answer (the bot stopping while a long-poll is open)."""

    # socketserver's default backlog is 5: the bot's 32 concurrent sendMessage connections
    # overflowed it on a loaded machine, and a dropped connection failed its send (ReadError)
    request_queue_size = 128

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Drops broken-pipe noise; anything else is still printed."""
        import sys

        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class LocalRequest(BaseRequest):
    """python-telegram-bot's request layer answered in memory by a `LocalBotApi` (no sockets).

    Use it for handler tests: `ApplicationBuilder().request(LocalRequest(api))`. getUpdates never
    waits here; tests hand updates to `Application.process_update` instead.
    """

    def __init__(self, api: LocalBotApi) -> None:
        self.api = api

    async def initialize(self) -> None:
        """Nothing to open."""

    async def shutdown(self) -> None:
        """Nothing to close."""

    @property
    def read_timeout(self) -> float | None:
        return None

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: Any = BaseRequest.DEFAULT_NONE,
        write_timeout: Any = BaseRequest.DEFAULT_NONE,
        connect_timeout: Any = BaseRequest.DEFAULT_NONE,
        pool_timeout: Any = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        """Dispatches one Bot API call (or file download) to the in-memory server."""
        path = unquote(urlsplit(url).path)
        if "/file/bot" in path:
            file_id = path.split("/")[-2]
            return (200, self.api.files[file_id][1]) if file_id in self.api.files else (404, b"")
        api_method = path.rsplit("/", 1)[-1]
        params: dict[str, Any] = {}
        files: dict[str, tuple[str, bytes]] = {}
        if request_data is not None:
            params = {k: _decode(k, v) for k, v in request_data.json_parameters.items()}
            for name, part in (request_data.multipart_data or {}).items():
                content = part[1].read() if hasattr(part[1], "read") else part[1]
                files[name] = (str(part[0]), bytes(content))
        if api_method == "getUpdates":
            params["timeout"] = 0
        call = ApiCall(api_method, params, files)
        status, body = self.api._handle(api_method, call)
        if api_method != "getUpdates":
            self.api._record(call)
        return status, json.dumps(body).encode()


def _decode(key: str, value: Any) -> Any:
    if not isinstance(value, str):
        return value
    if key in JSON_PARAMS:
        try:
            return json.loads(value)
        except ValueError:
            return value
    if key in INT_PARAMS:
        try:
            return int(value)
        except ValueError:
            return value
    return value


def _parse_multipart(
    content_type: str, raw: bytes
) -> tuple[dict[str, Any], dict[str, tuple[str, bytes]]]:
    head = f"Content-Type: {content_type}\r\nMIME-Version: 1.0\r\n\r\n".encode()
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(head + raw)
    fields: dict[str, Any] = {}
    files: dict[str, tuple[str, bytes]] = {}
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        payload = part.get_payload(decode=True)
        payload = payload if isinstance(payload, bytes) else b""
        filename = part.get_filename()
        if filename:
            files[str(name)] = (filename, payload)
        else:
            fields[str(name)] = payload.decode()
    return fields, files

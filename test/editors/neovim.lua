-- Drives the focal-loss server from a real Neovim (0.7 or newer), headless, the way a user's
-- config does: start the client over stdio, wait for diagnostics, hover, apply the preferred
-- quick fix, save, and wait for the diagnostics to clear. Writes what it saw as JSON to
-- $FOCAL_OUT. Neovim 0.7 has no vim.lsp.start, so this uses start_client and buf_attach_client.
local server = assert(os.getenv("FOCAL_SERVER"), "FOCAL_SERVER is not set")
local file = assert(os.getenv("FOCAL_FILE"), "FOCAL_FILE is not set")
local out = assert(os.getenv("FOCAL_OUT"), "FOCAL_OUT is not set")
local timeout_ms = 30000
local report = { steps = {} }

local function finish()
  local handle = assert(io.open(out, "w"))
  handle:write(vim.fn.json_encode(report))
  handle:close()
  vim.cmd("qall!")
end

local function fail(step)
  report.failed = step
  finish()
end

-- An init script runs before Neovim turns filetype detection on, and the client sends the
-- filetype as the document's languageId.
vim.cmd("filetype on")
vim.cmd("edit " .. vim.fn.fnameescape(file))
local buffer = vim.api.nvim_get_current_buf()
local client_id = vim.lsp.start_client({
  name = "focal-loss",
  cmd = { "node", server, "--stdio" },
  root_dir = vim.fn.fnamemodify(file, ":h"),
})
if client_id == nil then
  return fail("start_client")
end
vim.lsp.buf_attach_client(buffer, client_id)

-- Diagnostics arrive with publishDiagnostics once the server has parsed the file.
if not vim.wait(timeout_ms, function() return #vim.diagnostic.get(buffer) > 0 end, 50) then
  return fail("diagnostics")
end
report.diagnostics = {}
for _, diagnostic in ipairs(vim.diagnostic.get(buffer)) do
  table.insert(report.diagnostics, {
    line = diagnostic.lnum,
    col = diagnostic.col,
    code = diagnostic.code,
    message = diagnostic.message,
    source = diagnostic.source,
  })
end
local first = vim.diagnostic.get(buffer)[1]
local position = { line = first.lnum, character = first.col + 1 }
local document = vim.lsp.util.make_text_document_params(buffer)

local hover = vim.lsp.buf_request_sync(buffer, "textDocument/hover", {
  textDocument = document,
  position = position,
}, timeout_ms)
for _, response in pairs(hover or {}) do
  if response.result and response.result.contents then
    report.hover = response.result.contents.value or vim.fn.json_encode(response.result.contents)
  end
end

-- The context carries the line's diagnostics as vim.lsp.buf.code_action in Neovim 0.7 sends
-- them, rebuilt from Neovim's own diagnostics with byte columns. Later versions drop that
-- function, so the server then works from the range alone.
local line_diagnostics = {}
if vim.lsp.diagnostic.get_line_diagnostics then
  line_diagnostics = vim.lsp.diagnostic.get_line_diagnostics(buffer, first.lnum)
end
local actions = vim.lsp.buf_request_sync(buffer, "textDocument/codeAction", {
  textDocument = document,
  range = { start = position, ["end"] = position },
  context = { diagnostics = line_diagnostics },
}, timeout_ms)
report.actions = {}
local preferred = nil
for _, response in pairs(actions or {}) do
  for _, action in ipairs(response.result or {}) do
    table.insert(report.actions, { title = action.title, kind = action.kind, isPreferred = action.isPreferred })
    if action.isPreferred and preferred == nil then
      preferred = action
    end
  end
end
if preferred == nil or preferred.edit == nil then
  return fail("preferred action")
end

vim.lsp.util.apply_workspace_edit(preferred.edit, "utf-16")
vim.cmd("write")
if not vim.wait(timeout_ms, function() return #vim.diagnostic.get(buffer) == 0 end, 50) then
  return fail("diagnostics after the fix")
end
report.fixed = true
finish()

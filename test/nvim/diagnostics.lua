-- Headless Neovim as a second, non-VS Code LSP client of the netpol server.
-- Run by test/nvim/run.sh as: nvim --headless -u NONE FILE -c 'luafile diagnostics.lua'
-- Environment: NETPOL_SERVER (path to dist/server.js), NETPOL_ROOT (workspace
-- root), NETPOL_TIMEOUT_MS. Prints one line per diagnostic of FILE,
--   diag <lnum> <code> <message>
-- after the server's first publish for it ("published <n>"), then quits;
-- exits 1 if no publish arrived in time. Works on Neovim 0.7 (vim.lsp.start_client;
-- vim.lsp.start only exists from 0.8).
local out = function(s) io.stdout:write(s .. '\n') end
local server = assert(os.getenv('NETPOL_SERVER'), 'NETPOL_SERVER')
local root = assert(os.getenv('NETPOL_ROOT'), 'NETPOL_ROOT')
local timeout = tonumber(os.getenv('NETPOL_TIMEOUT_MS') or '30000')

local buf = vim.api.nvim_get_current_buf()
local uri = vim.uri_from_bufnr(buf)
local published = nil

-- Record the publish for our file, even an empty one (a clean file must be
-- seen to be analysed, not merely to have no diagnostics yet).
local default_handler = vim.lsp.handlers['textDocument/publishDiagnostics']
vim.lsp.handlers['textDocument/publishDiagnostics'] = function(err, result, ctx, config)
  default_handler(err, result, ctx, config)
  if result and result.uri == uri then published = result.diagnostics end
end

local id = vim.lsp.start_client({
  name = 'netpol',
  cmd = { 'node', server, '--stdio' },
  root_dir = root,
  settings = { netpol = {} },
  on_exit = function(code) if code ~= 0 then out('server exited ' .. code) end end,
})
if not id then
  out('could not start the server')
  vim.cmd('cquit 1')
end
vim.lsp.buf_attach_client(buf, id)

local ok = vim.wait(timeout, function() return published ~= nil end, 100)
if not ok then
  out('no diagnostics published for ' .. uri .. ' within ' .. timeout .. ' ms')
  vim.cmd('cquit 1')
end
out('published ' .. #published)
for _, d in ipairs(vim.diagnostic.get(buf)) do
  local code = d.user_data and d.user_data.lsp and d.user_data.lsp.code or d.code or ''
  out(string.format('diag %d %s %s', d.lnum, tostring(code), (d.message:gsub('\n', ' '))))
end
vim.lsp.stop_client(id)
vim.wait(2000, function() return vim.lsp.get_client_by_id(id) == nil end, 50)
vim.cmd('qa!')

// Module ids by name, not by hash: webpack's default hashes the container entry's identifier,
// which holds the folder's absolute path, so a build elsewhere gave other bytes
// (python -m analyst.labext verify rebuilds in a scratch folder and compares).
module.exports = {
  optimization: {
    moduleIds: 'named'
  }
};

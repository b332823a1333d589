import {before, describe, it} from 'node:test';
import {type Classifier, createClassifier} from '../../source/security/classify.js';
import {assertTable} from './policy-table.js';

let classifier: Classifier;
before(async () => {
	classifier = await createClassifier();
});

describe('options as the programs read them', () => {
	it('long options by unique prefix', () => {
		assertTable(classifier, [
			['flag', 'rm --rec build'],
			['flag', 'rm --recu build'],
			['flag', 'rm --forc x'],
			['flag', 'git reset --ha'],
			['flag', 'git reset --har HEAD~1'],
			['flag', 'git push --force-w origin main'],
			['flag', 'git push --forc origin main'],
			['flag', 'git push --force-with origin main'],
			['flag', 'git clean --fo'],
			['flag', 'git clean -fd'],
			['allow', 'git clean -n'],
			['allow', 'git clean --dry-run -f'],
			['flag', 'npm publis'],
			['flag', 'npm pub'],
		]);
	});

	it('--flag=value forms and npm command prefixes', () => {
		assertTable(classifier, [
			['flag', 'npm publish --dry-run=false'],
			['allow', 'npm publish --dry-run'],
			['flag', 'terraform apply -destroy=true'],
			['flag', 'terraform apply -destroy'],
			['allow', 'terraform apply -destroy=false'],
			['allow', 'terraform plan -destroy'],
			['flag', 'terraform apply -auto-approve=true'],
		]);
	});

	it('global options with a value before the subcommand', () => {
		assertTable(classifier, [
			['flag', 'git -C dir push --force'],
			['flag', 'git -C dir reset --hard'],
			['flag', 'git --git-dir x push -f'],
			['flag', 'kubectl --as admin delete pod x'],
			['flag', 'kubectl -v 6 delete pod x'],
			['flag', 'kubectl --namespace prod delete deploy x'],
			['flag', 'kubectl -n prod delete pod x'],
			['flag', 'docker --tlscacert x system prune'],
			['flag', 'docker -H tcp://x system prune -af'],
			['flag', 'docker --log-level debug volume rm x'],
			['flag', 'aws --profile p s3 rb s3://b'],
			['flag', 'aws --region us-east-1 s3 rm s3://b --recursive'],
			['flag', 'npm --registry u publish'],
			['flag', 'npm --registry=u publish'],
			['flag', 'npm -w pkg publish'],
			['flag', 'cargo +nightly publish'],
			['flag', 'cargo --config x publish'],
		]);
	});

	it('an unknown global option before a risky subcommand', () => {
		assertTable(classifier, [
			['flag', 'kubectl --weird x delete pod y'],
			['flag', 'docker --weirdopt x system prune'],
			['flag', 'git --weird x push -f'],
		]);
	});

	it('modes that look like options', () => {
		assertTable(classifier, [
			['flag', 'chmod -x /usr/bin/sudo'],
			['flag', 'chmod +s /usr/bin/foo'],
			['flag', 'chmod u-x /bin/ls'],
			['allow', 'chmod -x script.sh'],
			['allow', 'chmod +x ./build.sh'],
			['flag', 'chmod 777 /etc/passwd'],
			['flag', 'chown root /etc/shadow'],
		]);
	});

	it('refspecs and options after operands', () => {
		assertTable(classifier, [
			['flag', 'git push origin +main'],
			['flag', 'git push origin :feature'],
			['flag', 'git push --delete origin feature'],
			['flag', 'git push --del origin feature'],
			['flag', 'git branch --delete --force x'],
			['flag', 'git checkout --force'],
			['flag', 'git checkout -f main'],
		]);
	});

	it('everyday look-alikes', () => {
		assertTable(classifier, [
			['allow', 'git checkout -b feature'],
			['allow', 'git push origin main'],
			['allow', 'git push -u origin feature'],
			['allow', 'git reset --soft HEAD~1'],
			['allow', 'git reset HEAD file'],
			['allow', 'kubectl get pods'],
			['allow', 'kubectl --context prod get pods'],
			['allow', 'kubectl -n kube-system describe pod x'],
			['allow', 'docker ps'],
			['allow', 'docker --context x ps'],
			['allow', 'aws --profile p s3 ls'],
			['allow', 'npm --registry u install'],
			['allow', 'npm install'],
			['allow', 'npm test'],
			['allow', 'npm run build'],
			['allow', 'npm ci'],
			['allow', 'cargo +nightly build'],
			['allow', 'cargo build --release'],
			['allow', 'git -C dir status'],
			['allow', 'git --no-pager log --oneline'],
			['allow', 'git -c color.ui=always log'],
		]);
	});

	it('more prefixes and long forms', () => {
		assertTable(classifier, [
			['flag', 'npm unpublish x'],
			['flag', 'npm unpub x'],
			['flag', 'npm deprecate x "msg"'],
			['flag', 'pnpm publish'],
			['flag', 'yarn npm publish'],
			['flag', 'rm --recursive x'],
			['flag', 'rm --recursive=yes x'],
			['allow', 'rm file.txt'],
			['allow', 'rm -i file'],
			['flag', 'git reset --merge'],
			['flag', "git rebase --exec 'make' main"],
		]);
	});
});
